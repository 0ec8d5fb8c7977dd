import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { isShadowed, returnsPromise } from '../engine/typescript/symbols';
import { parentPastParentheses, unwrapExpression } from '../engine/typescript/syntax';
import type { ExpectedReturn } from '../engine/typescript/type-queries';
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

/** What a callback-position argument is when it returns a promise: by syntax, else by its type. */
function promiseArgument(argument: ts.Expression, context: TypeScriptContext): { fn?: ts.SignatureDeclaration; label: string } | undefined {
  const found = promiseCallback(argument, context);
  if (found || !context.types) return found;
  const node = unwrapExpression(argument);
  const candidate = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
  if (!candidate || !context.types.returnsThenable(node)) return undefined;
  return { label: ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? `'${node.getText(context.sourceFile)}' (it returns a promise)` : 'this function (it returns a promise)' };
}

/**
 * Whether the position ignores what the callback returns. A contextual type that returns `void`
 * says so, one that accepts a thenable says not; one returning `any` or `unknown` (the DOM's
 * listeners, VS Code's events) leaves it to the API's name (`byName`), as does no type at all.
 */
function expectsVoid(argument: ts.Expression, context: TypeScriptContext, byName: boolean): boolean {
  return decides(context.types?.expectedReturn(argument) ?? 'unknown', byName);
}

function decides(expected: ExpectedReturn, byName: boolean): boolean {
  if (expected === 'void') return true;
  return expected === 'promise' ? false : byName;
}

/** The argument the API named by the call ignores the result of, with the message for it. */
function namedVoidPosition(call: ts.CallExpression, context: TypeScriptContext): { index: number; message: (label: string) => string } | undefined {
  const method = calleeMethod(call);
  if (method && VOID_CALLBACK_METHODS.has(method)) {
    return { index: 0, message: (label) => `${label} is passed to ${method}(), which ignores the promise: its work is not awaited and its errors are unhandled` };
  }
  if (method && LISTENER_METHODS.has(method)) {
    return { index: 1, message: (label) => `${label} is registered as a ${method}() listener, which ignores the promise: a rejection is unhandled` };
  }
  const scheduler = schedulerName(call, context);
  if (scheduler) return { index: 0, message: (label) => `${label} is passed to ${scheduler}(), which ignores the promise: a rejection is unhandled` };
  return undefined;
}

const voidPositionMessage = (label: string): string =>
  `${label} is passed where a function returning void is expected, so its promise is ignored: a rejection is unhandled`;

/** True when the function is an argument or a JSX attribute value, which the call and attribute checks judge. */
function isJudgedElsewhere(fn: ts.Node, context: TypeScriptContext): boolean {
  const { parent, child } = parentPastParentheses(fn);
  if (ts.isCallExpression(parent)) return parent.arguments.includes(child as ts.Expression);
  // `new Promise(async ...)` is async-promise-executor's finding.
  if (ts.isNewExpression(parent)) return context.qualifiedName(parent.expression) === 'Promise';
  return ts.isJsxExpression(parent);
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
        '(`(user) => notify(user)`), or a name for such a function declared in an enclosing block, at the top ' +
        'level of the file (including `this.method` of the same class) or imported from another project file. ' +
        'It then recognises void-callback positions by name: `forEach`; the global `setTimeout`, ' +
        '`setInterval`, `setImmediate`, `queueMicrotask` and `requestAnimationFrame`; listener registration ' +
        'methods `on`, `once`, `addListener`, `prependListener`, `prependOnceListener` and `addEventListener` ' +
        '(second argument); JSX attributes named `on` + capital letter; and array predicates. With a type ' +
        'checker it follows typescript-eslint\'s `checksVoidReturn`: any argument, object-literal property or ' +
        'method, variable, return value or overriding class method whose expected type returns `void` (and ' +
        'accepts no promise) is reported, and a position whose type accepts a promise (a Telegraf-style `.on` ' +
        'typed `Promise<void>`, Express 5 handlers) is not, even when its name is on the list above. ' +
        '`.finally()` callbacks are accepted: `finally` waits for the promise they return. Deliberate ' +
        'differences from typescript-eslint: positions on the name list stay reported when their declared ' +
        'type returns `any` or `unknown` (the DOM types `addEventListener` listeners that way, and the timers ' +
        'take `string | Function`), because those APIs ignore the promise all the same; callbacks of other ' +
        'APIs typed that way (VS Code `Event` listeners, test-runner callbacks) are allowed, as by ' +
        'typescript-eslint. An async JSX event handler whose whole body sits in `try/catch` (with a catch ' +
        'that neither awaits nor throws) is accepted, because no rejection can escape it. Async predicates of ' +
        '`filter`, `some`, `every`, `find` and friends are reported as typescript-eslint\'s array-predicate ' +
        'check does; with types, only when the receiver is an array.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      const method = calleeMethod(call);
      const args = call.arguments;
      if (method && PREDICATE_METHODS.has(method) && args.length >= 1) {
        // With types, only arrays' predicates: a `find` of another kind may take async callbacks.
        const receiver = (unwrapExpression(call.expression) as ts.PropertyAccessExpression).expression;
        if (context.types?.isKnownNonArray(receiver)) return;
        const found = promiseArgument(args[0], context);
        if (found) context.report(args[0], `${found.label} is used as a ${method}() predicate: a promise is always truthy, so the test never fails`);
        return;
      }
      const named = namedVoidPosition(call, context);
      // `finally` waits for a promise its callback returns, whatever its declared type says.
      if (method === 'finally') return;
      args.forEach((argument, index) => {
        const byName = named?.index === index;
        if (!byName && !context.types) return;
        const found = promiseArgument(argument, context);
        if (!found || !expectsVoid(argument, context, byName)) return;
        context.report(argument, (byName ? named.message : voidPositionMessage)(found.label));
      });
    },
    [ts.SyntaxKind.JsxAttribute](node, context) {
      const attribute = node as ts.JsxAttribute;
      if (!ts.isIdentifier(attribute.name)) return;
      const initializer = attribute.initializer;
      if (!initializer || !ts.isJsxExpression(initializer) || !initializer.expression) return;
      const found = promiseArgument(initializer.expression, context);
      if (!found || (found.fn && handlesOwnErrors(found.fn))) return;
      if (!expectsVoid(initializer.expression, context, /^on[A-Z]/.test(attribute.name.text))) return;
      context.report(
        initializer.expression,
        `${found.label} is used as the ${attribute.name.text} handler, which ignores the promise: a rejection is unhandled (catch errors inside the handler)`,
      );
    },
    [ts.SyntaxKind.ArrowFunction]: checkTypedPosition,
    [ts.SyntaxKind.FunctionExpression]: checkTypedPosition,
    [ts.SyntaxKind.MethodDeclaration](node, context) {
      const method = node as ts.MethodDeclaration;
      if (!context.types || !returnsPromise(method) || !method.body) return;
      if (!decides(context.types.expectedMethodReturn(method), false)) return;
      const where = ts.isObjectLiteralExpression(method.parent) ? 'where a method returning void is expected' : 'in place of a method declared to return void';
      context.report(method.name, `This async method is used ${where}, so its promise is ignored: a rejection is unhandled`);
    },
  },
};

/** Type-aware only: an async function stored or returned where a void-returning function is expected. */
function checkTypedPosition(node: ts.Node, context: TypeScriptContext): void {
  const fn = node as ts.ArrowFunction | ts.FunctionExpression;
  if (!context.types || !returnsPromise(fn) || isJudgedElsewhere(fn, context)) return;
  if (!expectsVoid(fn, context, false)) return;
  context.report(fn, 'This async function is used where a function returning void is expected, so its promise is ignored: a rejection is unhandled');
}
