import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { skipParentheses, unwrapExpression } from '../engine/typescript/syntax';

type Executor = ts.ArrowFunction | ts.FunctionExpression;

function executorOf(expression: ts.NewExpression, context: TypeScriptContext): Executor | undefined {
  if (context.qualifiedName(expression.expression) !== 'Promise') return undefined;
  const executor = expression.arguments?.[0] && skipParentheses(expression.arguments[0]);
  return executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) ? executor : undefined;
}

/** A value that is `undefined` by construction: `void x` (ESLint's `allowVoid`). */
function isVoid(expression: ts.Expression): boolean {
  return ts.isVoidExpression(skipParentheses(expression));
}

/** The executor's own `resolve`/`reject` parameter names. */
function settlerNames(executor: Executor): Set<string> {
  return new Set(executor.parameters.slice(0, 2).flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
}

/**
 * `return reject(error)` (an early exit whose value is the settler's `undefined`), or
 * `return setTimeout(resolve, ms)` (a call handed a settler): neither value is meant as a result.
 */
function isSettlerExit(expression: ts.Expression, settlers: ReadonlySet<string>): boolean {
  const inner = unwrapExpression(expression);
  if (!ts.isCallExpression(inner)) return false;
  const isSettler = (node: ts.Expression): boolean => ts.isIdentifier(node) && settlers.has(node.text);
  return isSettler(inner.expression) || inner.arguments.some(isSettler);
}

/** `return <value>` statements of the executor itself (not of functions nested in it). */
function valueReturns(executor: Executor, body: ts.Block): ts.ReturnStatement[] {
  const settlers = settlerNames(executor);
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && !isVoid(node.expression) && !isSettlerExit(node.expression, settlers)) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * True for an expression body whose value is only incidental: a call (`setTimeout(resolve, ms)`,
 * `resolve(x)`), a construction, or a choice between such. Their results are not what the
 * author meant to hand over, so dropping them is harmless.
 */
function isIncidental(body: ts.Expression): boolean {
  const inner = unwrapExpression(body);
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner) || ts.isVoidExpression(inner)) return true;
  if (ts.isConditionalExpression(inner)) return isIncidental(inner.whenTrue) && isIncidental(inner.whenFalse);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.CommaToken) return isIncidental(inner.right);
  return false;
}

// The Promise constructor throws the executor's return value away.
export const promiseExecutorReturn: Rule = {
  meta: {
    id: 'promise-executor-return',
    title: 'Promise executor returns a value',
    languages: ['typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['no-promise-executor-return'],
    checklist: 'promise-executors-sync',
    fixable: false,
    docs: {
      summary:
        'Finds Promise executors that hand back a value with `return` instead of `resolve`: `return value` inside ' +
        '`new Promise((resolve, reject) => { ... })`, or an arrow executor whose body is a plain value (`() => cached`).',
      why:
        'The `Promise` constructor ignores whatever its executor returns. A `return value` there is almost always ' +
        'meant as `resolve(value)`: the value is lost and, on that path, the promise never settles, so whoever ' +
        'awaits it waits forever.',
      fix: 'Settle the promise with `resolve(value)` (then `return;` if you need to leave early).',
      examples: {
        typescript: {
          bad:
            'const cache = new Map<string, string>();\n\nexport function lookup(key: string) {\n  return new Promise((resolve) => {\n' +
            '    if (cache.has(key)) return cache.get(key);\n    setTimeout(() => resolve(key.toUpperCase()), 10);\n  });\n}',
          good:
            'const cache = new Map<string, string>();\n\nexport function lookup(key: string) {\n  return new Promise((resolve) => {\n' +
            '    if (cache.has(key)) {\n      resolve(cache.get(key));\n      return;\n    }\n    setTimeout(() => resolve(key.toUpperCase()), 10);\n  });\n}',
        },
      },
      notes:
        'Like ESLint, a bare `return;` is allowed, nested functions inside the executor are not judged, and async ' +
        'executors are judged too (`async-promise-executor` reports them separately). Deliberate differences, for ' +
        'precision: an arrow executor whose body is a call, a `new` or a `void` expression ' +
        '(`resolve => setTimeout(resolve, ms)`, `resolve => emitter.once("ready", resolve)`) is accepted, since the ' +
        'value it returns is incidental rather than a value meant for `resolve`; ESLint reports those by default, and ' +
        'they are the idiom users most often ask linters to accept. Likewise `return reject(error)` and `return ' +
        'resolve(value)` on the executor\'s own parameters are accepted as early exits (their value is `undefined`), ' +
        'and so is `return setTimeout(resolve, ms)`, the block-bodied form of the accepted arrow.',
    },
  },
  typescript: {
    [ts.SyntaxKind.NewExpression](node, context) {
      const executor = executorOf(node as ts.NewExpression, context);
      if (!executor) return;
      const body = executor.body;
      if (!ts.isBlock(body)) {
        if (isIncidental(body)) return;
        context.report(body, 'This Promise executor returns a value, which the Promise constructor ignores: pass it to resolve() instead');
        return;
      }
      for (const statement of valueReturns(executor, body)) {
        context.report(statement, 'This Promise executor returns a value, which the Promise constructor ignores: call resolve(value) and return');
      }
    },
  },
};
