import ts from 'typescript';
import type { Rule } from '../engine/rule';
import { isFunctionLike, type TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';

const TIMER_STARTERS = new Set(['setTimeout', 'timers.setTimeout', 'node:timers.setTimeout']);

/** The scope a timer id could be cleared in: the enclosing function, else the top-level statement. */
function searchScope(node: ts.Node): ts.Node {
  let top: ts.Node = node;
  for (let up = node.parent; up; up = up.parent) {
    if (isFunctionLike(up)) return up;
    if (ts.isSourceFile(up)) return top;
    top = up;
  }
  return top;
}

/** The `setTimeout(...)` calls made directly by an executor (nested callbacks included). */
function timerCalls(executor: ts.Node, context: TypeScriptContext): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && TIMER_STARTERS.has(context.calleeName(node) ?? '')) calls.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(executor, visit);
  return calls;
}

/** The name the timer id is stored under (`t = setTimeout(...)`), `unref` when it is unref'd, else undefined. */
function timerHandle(call: ts.CallExpression): string | 'unref' | undefined {
  let node: ts.Node = call;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'unref') return 'unref';
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = unwrapExpression(parent.left);
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.getText();
  }
  return undefined;
}

/** Whether the scope clears (or unrefs) the timer; any `clearTimeout` spelling counts, since a miss here only silences. */
function clears(scope: ts.Node, handle: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const first = node.arguments[0] ? unwrapExpression(node.arguments[0]) : undefined;
      if (first && first.getText() === handle && /(^|\.)clear(Timeout|Interval)$/.test(node.expression.getText())) {
        found = true;
        return;
      }
      // `handle.unref()` also stops the timer holding the process open.
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'unref' && callee.expression.getText() === handle) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** The `new Promise(executor)` an array element stands for: inline, or a `const` of the same scope. */
function timeoutPromise(element: ts.Expression, scope: ts.Node, context: TypeScriptContext): ts.NewExpression | undefined {
  const expression = unwrapExpression(element);
  if (ts.isNewExpression(expression)) return context.qualifiedName(expression.expression) === 'Promise' ? expression : undefined;
  if (!ts.isIdentifier(expression)) return undefined;
  let found: ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || (node !== scope && isFunctionLike(node))) return;
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === expression.text &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const
    ) {
      const init = unwrapExpression(node.initializer);
      if (ts.isNewExpression(init) && context.qualifiedName(init.expression) === 'Promise') found = init;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

// A race against a hand-made timeout promise leaves its timer pending after the work wins.
export const raceTimeoutLeak: Rule = {
  meta: {
    id: 'race-timeout-leak',
    title: 'Timeout timer in Promise.race is never cleared',
    languages: ['typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'timeouts-effective',
    fixable: false,
    docs: {
      summary:
        'Finds `Promise.race` against an inline timeout promise (`new Promise((_, reject) => setTimeout(...))`) whose ' +
        'timer is never passed to `clearTimeout` in the enclosing function.',
      why:
        'Winning the race does not stop the losing timer. Every call leaves a pending timer behind that holds its ' +
        'closure in memory until it fires, and a pending timer keeps Node running: a CLI or test run that should ' +
        'exit waits out the full timeout. Under load, a long timeout on a hot path piles up thousands of live timers.',
      fix:
        'Pass `AbortSignal.timeout(ms)` to the work when it accepts a signal (fetch, most Node APIs), or keep the ' +
        'timer id and call `clearTimeout` on it in a `finally` block after the race settles.',
      examples: {
        typescript: {
          bad:
            'export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {\n' +
            '  return Promise.race([\n' +
            '    work,\n' +
            '    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms)),\n' +
            '  ]);\n' +
            '}',
          good:
            'export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {\n' +
            '  let timer: ReturnType<typeof setTimeout> | undefined;\n' +
            '  try {\n' +
            '    return await Promise.race([\n' +
            '      work,\n' +
            '      new Promise<never>((_, reject) => {\n' +
            '        timer = setTimeout(() => reject(new Error("timed out")), ms);\n' +
            '      }),\n' +
            '    ]);\n' +
            '  } finally {\n' +
            '    clearTimeout(timer);\n' +
            '  }\n' +
            '}',
        },
      },
      notes:
        'Only timeout promises visible in the race itself (inline, or a `const` of the same function) are checked. ' +
        'A timer whose id is passed to `clearTimeout` anywhere in the enclosing function, or that is `unref()`ed, ' +
        'counts as handled. Timeout helpers defined elsewhere and `timers/promises` sleeps are not followed.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      if (context.calleeName(call) !== 'Promise.race') return;
      const list = call.arguments[0] ? unwrapExpression(call.arguments[0]) : undefined;
      if (!list || !ts.isArrayLiteralExpression(list)) return;
      const scope = searchScope(call);
      for (const element of list.elements) {
        if (ts.isSpreadElement(element)) continue;
        const promise = timeoutPromise(element, scope, context);
        const executor = promise?.arguments?.[0] ? unwrapExpression(promise.arguments[0]) : undefined;
        if (!promise || !executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) continue;
        const timers = timerCalls(executor, context);
        if (timers.length === 0) continue;
        const leaked = timers.some((timer) => {
          const handle = timerHandle(timer);
          if (handle === 'unref') return false;
          return handle === undefined || !clears(scope, handle);
        });
        if (!leaked) continue;
        context.report(
          unwrapExpression(element),
          'This timeout timer is never cleared: after the work wins the race it stays pending, keeping the process alive and leaking a timer per call',
        );
      }
    },
  },
};
