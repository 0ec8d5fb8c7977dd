import ts from 'typescript';
import type { Rule } from '../engine/rule';
import { isAsyncFunction } from '../engine/typescript/context';
import { isPromiseValue } from './support/promise-calls';

/**
 * The `try` statement whose handling a `return` inside it would escape without `await`: the
 * return sits in a `try` block (followed by `catch` or `finally`), or in a `catch` block with
 * a `finally`. A `return` in a `finally` block is judged against the next `try` out.
 */
function guardingTry(node: ts.Node): ts.TryStatement | undefined {
  let child: ts.Node = node;
  for (let up = node.parent; up && !ts.isFunctionLike(up); child = up, up = up.parent) {
    if (!ts.isTryStatement(up)) continue;
    if (child === up.tryBlock) return up;
    if (child === up.catchClause && up.finallyBlock) return up;
  }
  return undefined;
}

function enclosingFunctionOf(node: ts.Node): ts.Node | undefined {
  for (let up = node.parent; up; up = up.parent) if (ts.isFunctionLike(up)) return up;
  return undefined;
}

// Without `await`, the function's own try/catch never sees the promise's rejection.
export const returnAwaitInTry: Rule = {
  meta: {
    id: 'return-await-in-try',
    title: 'Promise returned without await inside try/catch',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['return-await'],
    checklist: 'errors-caught-where-expected',
    fixable: true,
    docs: {
      summary:
        'Finds `return promise` without `await` inside the `try` block of an async function (or inside a `catch` ' +
        'block that has a `finally`).',
      why:
        'Returning a promise from an async function hands it to the caller unsettled and leaves the `try` ' +
        'immediately. If it then rejects, the rejection goes straight to the caller: the `catch` block never runs, ' +
        'so its fallback, logging or cleanup is silently skipped, and a `finally` block runs before the work it was ' +
        'meant to follow has finished (a connection released or a lock freed while the query is still running).',
      fix: 'Write `return await promise` so the promise settles inside the `try` and its handlers apply.',
      examples: {
        typescript: {
          bad:
            'async function fetchUser(id: string): Promise<string> {\n  return id;\n}\n\n' +
            'export async function userOrGuest(id: string) {\n  try {\n    return fetchUser(id);\n  } catch {\n    return "guest";\n  }\n}',
          good:
            'async function fetchUser(id: string): Promise<string> {\n  return id;\n}\n\n' +
            'export async function userOrGuest(id: string) {\n  try {\n    return await fetchUser(id);\n  } catch {\n    return "guest";\n  }\n}',
        },
      },
      fixSafety:
        'Safe: adding `await` makes the `catch` and `finally` blocks apply to the promise, which is what their ' +
        'placement says was intended; the function still returns the same value.',
      notes:
        'Follows the error-handling cases of typescript-eslint\'s `return-await` default (`in-try-catch`): a ' +
        'return in a `try` block must await, one in a `catch` block must await only when a `finally` follows, and ' +
        'one in a `finally` block is judged by any enclosing `try`. Unlike it, this rule does not report a needless ' +
        '`return await` outside try/catch (that is style, not a failure). Without type information a value counts ' +
        'as a promise when it is a known promise call (an `async` function or one declared to return `Promise` in ' +
        'the same file, `this.method()` of the same class, `Promise` statics, `fetch`, `fs/promises`...), `new ' +
        'Promise`, a `.then/.catch/.finally` chain on one, or a `const` of the same function holding one. With a ' +
        'type checker any returned value whose type is thenable counts, as in typescript-eslint.',
    },
  },
  typescript: {
    [ts.SyntaxKind.ReturnStatement](node, context) {
      const statement = node as ts.ReturnStatement;
      const expression = statement.expression;
      if (!expression || !guardingTry(statement)) return;
      const fn = enclosingFunctionOf(statement);
      if (!fn || !isAsyncFunction(fn)) return;
      if (!isPromiseValue(expression, context) && !context.types?.isSometimesThenable(expression)) return;
      context.report(expression, 'This promise is returned without await inside try: its rejection skips this catch/finally', {
        fixes: [{ title: "Add 'await'", safe: true, edits: context.prefixEdits(expression, 'await ') }],
      });
    },
  },
};
