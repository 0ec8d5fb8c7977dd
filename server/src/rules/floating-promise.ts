import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { isSafeCallName } from '../engine/typescript/safe-calls';
import { skipParentheses as unwrap } from '../engine/typescript/syntax';
import type { Fix } from '../engine/types';
import { promiseCallReason } from './support/promise-calls';
import { promiseCallback } from './support/promise-callbacks';

/** Cypress commands are thenables whose failures Cypress itself reports; they are not promises. */
function isCypressChain(expression: ts.Expression): boolean {
  let root = unwrap(expression);
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  return ts.isIdentifier(root) && (root.text === 'cy' || root.text === 'Cypress');
}

/** `describe`, `test.it`: the dotted source text of a callee made of names only. */
function dottedText(expression: ts.Expression): string | undefined {
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const head = dottedText(node.expression);
    return head && `${head}.${node.name.text}`;
  }
  return undefined;
}

/** A call the user (or the defaults, for node:test) allows to drop its promise. */
function isSafeCall(call: ts.CallExpression, context: TypeScriptContext): boolean {
  const name = context.qualifiedName(call.expression) ?? dottedText(call.expression);
  return name !== undefined && isSafeCallName(name, context.inputs.safeCalls);
}

/** Expressions whose value is never a dropped promise, whatever their type. */
function isHandledForm(node: ts.Expression): boolean {
  return (
    ts.isAwaitExpression(node) ||
    ts.isVoidExpression(node) ||
    ts.isDeleteExpression(node) ||
    ts.isYieldExpression(node) ||
    (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment)
  );
}

/** `null`, `undefined` and `void 0` handle nothing; with types, neither does a value that may not be a function. */
function isRejectionHandler(argument: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrap(argument);
  if (node.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(node) || (ts.isIdentifier(node) && node.text === 'undefined')) return false;
  return !context.types?.isKnownNonFunction(node);
}

/** What the checker says of a value syntax could not judge (type-aware mode only). */
function typedReason(node: ts.Expression, context: TypeScriptContext): string | undefined {
  if (!context.types || isHandledForm(node) || !context.types.isPromise(node)) return undefined;
  if (ts.isCallExpression(node)) {
    const callee = dottedText(node.expression);
    return callee ? `'${callee}()' returns a promise that is neither awaited nor handled` : 'This call returns a promise that is neither awaited nor handled';
  }
  return 'This promise is neither awaited nor handled';
}

/**
 * Why a statement's value is an unhandled promise, or undefined when it is not one (or it
 * cannot be told). Follows typescript-eslint's defaults: `void` and `.catch(handler)` /
 * `.then(onFulfilled, onRejected)` count as handling, `.finally()` does not, and either side
 * of `&&`/`||`/`??`/`,` and both branches of `?:` may drop one.
 */
function floatingReason(expression: ts.Expression, context: TypeScriptContext): string | undefined {
  const node = unwrap(expression);
  if (ts.isConditionalExpression(node)) return floatingReason(node.whenTrue, context) ?? floatingReason(node.whenFalse, context);
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.AmpersandAmpersandToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.CommaToken
    ) {
      return floatingReason(node.left, context) ?? floatingReason(node.right, context);
    }
    return undefined;
  }
  if (ts.isNewExpression(node) && context.qualifiedName(node.expression) === 'Promise') return 'This new Promise is neither awaited nor handled';
  if (!ts.isCallExpression(node)) return typedReason(node, context);
  const callee = unwrap(node.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const count = node.arguments.length;
    if (method === 'catch' && count >= 1 && isRejectionHandler(node.arguments[0], context)) return undefined;
    if (method === 'then' && count >= 2 && isRejectionHandler(node.arguments[1], context)) return undefined;
    if (method === 'then') {
      // With types, a `.then()` on something other than a promise (VS Code's `Thenable`, a
      // query builder) is left alone, as typescript-eslint does; without, the name decides.
      if (isCypressChain(callee.expression) || context.types?.isKnownNonPromise(node)) return undefined;
      return 'This promise chain has no rejection handler: add .catch() or pass one to .then()';
    }
    if ((method === 'catch' && count >= 1) || (method === 'then' && count >= 2)) {
      return floatingReason(callee.expression, context) && 'This rejection handler is not a function, so the rejection stays unhandled';
    }
    if (method === 'finally' || method === 'catch') return floatingReason(callee.expression, context);
  }
  if (isSafeCall(node, context)) return undefined;
  return promiseCallReason(node, context) ?? typedReason(node, context);
}

/** `items.map(async (item) => ...)` and the like (with types: any array of promises). */
function isPromiseArray(expression: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrap(expression);
  if (ts.isCallExpression(node) && node.arguments.length > 0) {
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'map' && promiseCallback(node.arguments[0], context) !== undefined) return true;
  }
  return context.types !== undefined && !isHandledForm(node) && context.types.isPromiseArray(node);
}

function arrayFixesFor(expression: ts.Expression, context: TypeScriptContext): Fix[] {
  const start = expression.getStart(context.sourceFile);
  const wrap = (prefix: string, suffix: string): Fix['edits'] => [context.insertAt(start, prefix), context.insertAt(expression.getEnd(), suffix)];
  const fixes: Fix[] = [];
  if (context.inAsyncContext) fixes.push({ title: 'Await them all with Promise.all()', safe: false, edits: wrap('await Promise.all(', ')') });
  fixes.push({
    title: 'Handle them with Promise.all().catch() that logs the error',
    safe: false,
    edits: wrap('Promise.all(', ').catch((error) => console.error(error))'),
  });
  return fixes;
}

function fixesFor(expression: ts.Expression, context: TypeScriptContext): Fix[] {
  const fixes: Fix[] = [];
  if (context.inAsyncContext) fixes.push({ title: 'Await the promise', safe: false, edits: context.prefixEdits(expression, 'await ') });
  fixes.push({
    title: "Add a .catch() that logs the error",
    safe: false,
    edits: context.suffixEdits(expression, '.catch((error) => console.error(error))'),
  });
  fixes.push({ title: "Mark as deliberately not awaited with 'void'", safe: false, edits: context.prefixEdits(expression, 'void ') });
  return fixes;
}

// An unhandled rejection crashes Node (since v15) or vanishes in browsers; neither is intended.
export const floatingPromise: Rule = {
  meta: {
    id: 'floating-promise',
    title: 'Promise neither awaited nor handled',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['no-floating-promises'],
    checklist: 'promises-handled',
    fixable: true,
    docs: {
      summary:
        'Finds statements whose value is a promise (or an array of promises from `.map()`) that nobody awaits, ' +
        'returns, marks with `void`, or gives a rejection handler.',
      why:
        'A promise dropped on the floor has two problems. The code after it runs before the work finishes, so ' +
        'ordering bugs appear (a response sent before the write landed, a test that passes before its assertion ' +
        'ran). And if it rejects, nothing handles the error: Node.js terminates the process on an unhandled ' +
        'rejection by default, while browsers only log it.',
      fix:
        'Await it when the code that follows depends on it. Otherwise handle its failure with `.catch(...)`, or ' +
        'write `void promise` to state that dropping it is deliberate.',
      examples: {
        typescript: {
          bad: 'async function saveUser(user: User): Promise<void> { /* ... */ }\n\nasync function onSubmit(user: User) {\n  saveUser(user);\n  showToast("Saved");\n}',
          good: 'async function saveUser(user: User): Promise<void> { /* ... */ }\n\nasync function onSubmit(user: User) {\n  await saveUser(user);\n  showToast("Saved");\n}',
        },
      },
      fixSafety:
        'Three fixes are offered, none applied by fix-all because each changes behaviour: `await` (inside async ' +
        'functions) makes the following code wait; `.catch(...)` logs the error and lets execution continue; ' +
        '`void` keeps the current behaviour and documents it.',
      notes:
        'With a type checker (see `awaitwise.typescript.typeAware`) the rule follows typescript-eslint\'s ' +
        '`no-floating-promises` with default options: any statement whose type contains the built-in ' +
        '`Promise` (a parameter, a property, a method of a declared object, a library call) or is an array of ' +
        'promises is reported; other thenables (VS Code\'s `Thenable`, query builders) are not, as with its ' +
        'default `checkThenables: false`, so a `.then()` on one is left alone. Without types the rule knows a ' +
        'call returns a promise when the callee is an `async` function or one declared to return `Promise` in ' +
        'the same file (top level, an enclosing block, or `this.method()` of the same class) or imported from ' +
        'another project file (relative imports and `require`, followed through re-exports), a `Promise` ' +
        'static, `new Promise`, an async IIFE, a known promise API (`fetch`, `fs/promises`, ' +
        '`timers/promises`...), or a `.then()` chain. In both modes `void` counts as handling and ' +
        '`.finally()` does not; `.catch(h)` and `.then(a, h)` count only when `h` can be a function ' +
        '(`.catch(null)` handles nothing); either operand of `&&`, `||`, `??` and `,` and both branches of ' +
        '`?:` can drop a promise. An array of promises made by `.map()` with a promise-returning callback is ' +
        'reported with `Promise.all()` fixes. Calls listed in `awaitwise.typescript.safeCalls` are left ' +
        'alone: by default node:test\'s `it`, `test`, `describe` and `suite`, whose promises the runner awaits ' +
        '(typescript-eslint reports them unless configured). Cypress command chains (`cy.get(...).then(...)`) ' +
        'are thenables, not promises, and are left alone.',
    },
  },
  typescript: {
    [ts.SyntaxKind.ExpressionStatement](node, context) {
      const expression = (node as ts.ExpressionStatement).expression;
      if (isPromiseArray(expression, context)) {
        context.report(expression, 'This array of promises from .map() is neither awaited nor handled: wrap it in Promise.all()', {
          fixes: arrayFixesFor(expression, context),
        });
        return;
      }
      const reason = floatingReason(expression, context);
      if (reason) context.report(expression, reason, { fixes: fixesFor(expression, context) });
    },
  },
};
