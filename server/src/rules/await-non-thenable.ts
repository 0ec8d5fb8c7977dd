import ts from 'typescript';
import type { Rule } from '../engine/rule';

// Awaiting a plain value only costs a turn of the microtask queue, and it usually means the
// author believes the call is asynchronous when it is not (or no longer is).
export const awaitNonThenable: Rule = {
  meta: {
    id: 'await-non-thenable',
    title: 'Await of a value that is not a promise',
    languages: ['typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['await-thenable'],
    checklist: 'promises-not-mistaken',
    fixable: true,
    requiresTypes: true,
    docs: {
      summary:
        'Finds `await` applied to a value whose type has no `then` method: a number, a string, an object, or the ' +
        'result of a function that is not async.',
      why:
        'The `await` does nothing useful: the value comes back unchanged one microtask later. It usually hides a ' +
        'misunderstanding — a function believed to be async that is synchronous (so its errors are thrown ' +
        'immediately, not as rejections), or a call that lost its `async` in a refactor while callers still wait ' +
        'for it — and it makes readers look for concurrency that is not there.',
      fix: 'Remove the `await`, or, if the callee should be asynchronous, make it return a promise.',
      examples: {
        typescript: {
          bad: 'function readConfig(): { port: number } {\n  return { port: 8080 };\n}\n\nexport async function start() {\n  const config = await readConfig();\n  return config.port;\n}',
          good: 'function readConfig(): { port: number } {\n  return { port: 8080 };\n}\n\nexport async function start() {\n  const config = readConfig();\n  return config.port;\n}',
        },
      },
      fixSafety:
        'The fix removes the `await` keyword. It is offered as a suggestion and not applied by fix-all: code after ' +
        'the expression then runs in the same turn instead of the next microtask, which can matter to code that ' +
        'relies on that ordering.',
      notes:
        'Needs type information: it runs only where a `tsconfig.json` or `jsconfig.json` governs the file (see ' +
        '`awaitwise.typescript.typeAware`). Values typed `any` or `unknown`, unions with any thenable member ' +
        '(`Promise<T> | T` is a legitimate thing to await), and values whose type is a type parameter or another ' +
        'type not known until instantiation are accepted. typescript-eslint\'s `await-thenable` reports the last ' +
        'group (an unconstrained `T` has no `then`); this rule does not, because a generic helper such as ' +
        '`async function settle<T>(value: T) { return await value; }` is routinely called with promises.',
    },
  },
  typescript: {
    [ts.SyntaxKind.AwaitExpression](node, context) {
      const awaited = node as ts.AwaitExpression;
      const types = context.types;
      if (!types || types.mayBeThenable(awaited.expression)) return;
      const typeText = types.typeToString(types.typeOf(awaited.expression));
      const keywordStart = awaited.getStart(context.sourceFile);
      context.report(awaited, `This value ('${typeText}') is not a promise: 'await' only delays the code by a microtask`, {
        fixes: [{ title: "Remove 'await'", safe: false, edits: [context.deleteSpan(keywordStart, awaited.expression.getStart(context.sourceFile))] }],
      });
    },
  },
};
