import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { isShadowed } from '../engine/typescript/symbols';
import { unwrapExpression } from '../engine/typescript/syntax';
import { promiseCallback } from './support/promise-callbacks';

/** Array methods whose callback's return value is ignored. */
const VOID_CALLBACK_METHODS = new Set(['forEach']);
/** Array methods whose callback's return value is tested for truthiness. */
const PREDICATE_METHODS = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
/** Listener registrations: the listener is the second argument and its return value is ignored. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Global schedulers whose first argument is a callback whose return value is ignored. */
const SCHEDULERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame']);

/** True when every statement of an async body sits inside a `try` whose `catch` does not rethrow. */
function handlesOwnErrors(fn: ts.SignatureDeclaration): boolean {
  if (!('body' in fn) || !fn.body || !ts.isBlock(fn.body)) return false;
  const statements = fn.body.statements;
  if (statements.length === 0) return true;
  return statements.every((statement) => {
    if (ts.isTryStatement(statement)) return statement.catchClause !== undefined && !rethrows(statement.catchClause.block);
    // Declarations and plain synchronous statements before the try cannot reject.
    return !containsAwait(statement);
  });
}

function containsAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isAwaitExpression(child) || ts.isThrowStatement(child) || (ts.isForOfStatement(child) && child.awaitModifier)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function rethrows(block: ts.Block): boolean {
  return containsAwait(block);
}

function calleeMethod(call: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function schedulerName(call: ts.CallExpression, context: TypeScriptContext): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) {
    if (!SCHEDULERS.has(callee.text) || context.bindings.has(callee.text) || context.symbols.topLevelNames.has(callee.text)) return undefined;
    return isShadowed(callee.text, call) ? undefined : callee.text;
  }
  if (ts.isPropertyAccessExpression(callee) && SCHEDULERS.has(callee.name.text)) {
    const head = unwrapExpression(callee.expression);
    if (ts.isIdentifier(head) && ['window', 'globalThis', 'self', 'global'].includes(head.text)) return callee.name.text;
  }
  return undefined;
}

function reportCallback(argument: ts.Expression, context: TypeScriptContext, message: (label: string) => string): void {
  const found = promiseCallback(argument, context);
  if (!found) return;
  context.report(argument, message(found.label));
}

// A promise handed to code that ignores it (or tests it for truth) loses its rejection and its ordering.
export const misusedPromiseCallback: Rule = {
  meta: {
    id: 'misused-promise-callback',
    title: 'Async function passed where a plain callback is expected',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['no-misused-promises'],
    checklist: 'promises-handled',
    fixable: false,
    docs: {
      summary:
        'Finds async functions (or functions declared to return a promise) passed to APIs that ignore the callback\'s ' +
        'return value — `forEach`, `setTimeout`/`setInterval`, event listeners (`.on`, `.once`, `addEventListener`), ' +
        'JSX event attributes — and async predicates given to `filter`, `some`, `every`, `find` and friends.',
      why:
        'The caller of a void callback throws the returned promise away. Nothing waits for it, so `forEach` finishes ' +
        'before any of the work has, and nothing handles its rejection: in Node.js an error thrown inside an async ' +
        'listener or timer callback becomes an unhandled rejection that terminates the process. A predicate is worse: ' +
        'a promise is always truthy, so `items.filter(async (x) => await isValid(x))` keeps every element and ' +
        '`some` is always true.',
      fix:
        'For `forEach`, use a `for...of` loop with `await` (sequential) or `await Promise.all(items.map(async ...))` ' +
        '(concurrent). For listeners and timers, keep the callback synchronous and call the async work with an ' +
        'explicit `.catch(...)`, or wrap the whole async body in `try/catch`. For predicates, compute the answers ' +
        'first (`const keep = await Promise.all(items.map(isValid))`) and filter on them.',
      examples: {
        typescript: {
          bad:
            'async function notify(user: string): Promise<void> { /* ... */ }\n\n' +
            'export function notifyAll(users: string[]) {\n  users.forEach(async (user) => {\n    await notify(user);\n  });\n}',
          good:
            'async function notify(user: string): Promise<void> { /* ... */ }\n\n' +
            'export async function notifyAll(users: string[]) {\n  for (const user of users) {\n    await notify(user);\n  }\n}',
        },
      },
      notes:
        'Without type information the rule knows a callback returns a promise when it is an `async` function ' +
        'expression, a function expression declared to return `Promise` or returning a known promise call ' +
        '(`(user) => notify(user)`), or a name for such a function declared in an enclosing block or at the top ' +
        'level of the file (including `this.method` of the same class). It recognises the void-callback positions by name: ' +
        '`forEach`; the global `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask` and ' +
        '`requestAnimationFrame`; listener registration methods `on`, `once`, `addListener`, `prependListener`, ' +
        '`prependOnceListener` and `addEventListener` (second argument); and JSX attributes named `on` + capital ' +
        'letter. typescript-eslint (`checksVoidReturn`) instead finds every argument, property, variable and return ' +
        'whose declared type returns `void`, which needs the type checker; callbacks typed as returning `any` or ' +
        '`unknown` (VS Code `Event` listeners, Fastify hooks, test-runner callbacks) are allowed by both. ' +
        'Because listener methods are recognised by name, a library whose `.on` is typed to accept async ' +
        'listeners (Telegraf middleware, for instance) is reported here but not by typescript-eslint; suppress ' +
        'those lines. One deliberate difference: an async JSX event handler whose whole body sits in `try/catch` (with a catch ' +
        'that neither awaits nor throws) is accepted, because no rejection can escape it and React ignores the ' +
        'handler\'s return value anyway; typescript-eslint reports it. Async predicates are reported like ' +
        'typescript-eslint\'s `checksConditionals` does for array predicates.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      const method = calleeMethod(call);
      const args = call.arguments;
      if (method && VOID_CALLBACK_METHODS.has(method) && args.length >= 1) {
        reportCallback(args[0], context, (label) => `${label} is passed to ${method}(), which ignores the promise: its work is not awaited and its errors are unhandled`);
        return;
      }
      if (method && PREDICATE_METHODS.has(method) && args.length >= 1) {
        reportCallback(args[0], context, (label) => `${label} is used as a ${method}() predicate: a promise is always truthy, so the test never fails`);
        return;
      }
      if (method && LISTENER_METHODS.has(method) && args.length >= 2) {
        reportCallback(args[1], context, (label) => `${label} is registered as a ${method}() listener, which ignores the promise: a rejection is unhandled`);
        return;
      }
      const scheduler = schedulerName(call, context);
      if (scheduler && args.length >= 1) {
        reportCallback(args[0], context, (label) => `${label} is passed to ${scheduler}(), which ignores the promise: a rejection is unhandled`);
      }
    },
    [ts.SyntaxKind.JsxAttribute](node, context) {
      const attribute = node as ts.JsxAttribute;
      if (!ts.isIdentifier(attribute.name) || !/^on[A-Z]/.test(attribute.name.text)) return;
      const initializer = attribute.initializer;
      if (!initializer || !ts.isJsxExpression(initializer) || !initializer.expression) return;
      const found = promiseCallback(initializer.expression, context);
      if (!found || (found.fn && handlesOwnErrors(found.fn))) return;
      context.report(
        initializer.expression,
        `${found.label} is used as the ${attribute.name.text} handler, which ignores the promise: a rejection is unhandled (catch errors inside the handler)`,
      );
    },
  },
};
