import ts from 'typescript';
import type { Rule } from '../engine/rule';
import { isFunctionLike } from '../engine/typescript/context';
import type { Fix } from '../engine/types';

/** True when the function's own body (not nested functions) contains `await` or `for await`. */
function awaitsInBody(fn: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && isFunctionLike(node))) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

// An async executor turns a thrown error into a lost rejection, and the outer promise hangs.
export const asyncPromiseExecutor: Rule = {
  meta: {
    id: 'async-promise-executor',
    title: 'Async function used as a Promise executor',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['no-async-promise-executor'],
    checklist: 'promise-executors-sync',
    fixable: true,
    docs: {
      summary: 'Finds `new Promise(async (resolve, reject) => ...)`.',
      why:
        'The `Promise` constructor ignores what its executor returns. When an async executor throws or awaits a ' +
        'promise that rejects, the error lands in the executor\'s own promise, which nobody holds: the outer promise ' +
        'is never rejected and whoever awaits it waits forever, while the process reports an unhandled rejection. ' +
        'Needing `await` inside an executor usually means the `new Promise` wrapper is not needed at all.',
      fix:
        'Drop the wrapper and write an async function that awaits directly. If the executor must stay (to adapt a ' +
        'callback API), keep it synchronous and call `reject` on every error path.',
      examples: {
        typescript: {
          bad: 'function readConfig(path: string) {\n  return new Promise(async (resolve, reject) => {\n    const text = await readFile(path, "utf8");\n    resolve(JSON.parse(text));\n  });\n}',
          good: 'async function readConfig(path: string) {\n  const text = await readFile(path, "utf8");\n  return JSON.parse(text);\n}',
        },
      },
      fixSafety:
        'Safe when the executor never awaits: removing `async` then changes only what happens on a throw, which ' +
        'starts rejecting the promise as intended. Executors that await need restructuring by hand, so they get no fix.',
    },
  },
  typescript: {
    [ts.SyntaxKind.NewExpression](node, context) {
      const expression = node as ts.NewExpression;
      if (context.qualifiedName(expression.expression) !== 'Promise') return;
      let executor = expression.arguments?.[0];
      while (executor && ts.isParenthesizedExpression(executor)) executor = executor.expression;
      if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return;
      const asyncKeyword = ts.getModifiers(executor)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
      if (!asyncKeyword) return;
      const fixes: Fix[] = [];
      if (!awaitsInBody(executor)) {
        const start = asyncKeyword.getStart(context.sourceFile);
        let end = asyncKeyword.getEnd();
        while (end < context.text.length && (context.text[end] === ' ' || context.text[end] === '\t')) end++;
        fixes.push({ title: "Remove 'async' from the executor", safe: true, edits: [context.deleteSpan(start, end)] });
      }
      context.report(asyncKeyword, 'A Promise executor must not be async: errors thrown inside it are lost and the promise never settles', { fixes });
    },
  },
};
