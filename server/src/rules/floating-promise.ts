import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import type { Fix } from '../engine/types';
import { promiseCallReason } from './support/promise-calls';
import { promiseCallback } from './support/promise-callbacks';

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Cypress commands are thenables whose failures Cypress itself reports; they are not promises. */
function isCypressChain(expression: ts.Expression): boolean {
  let root = unwrap(expression);
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  return ts.isIdentifier(root) && (root.text === 'cy' || root.text === 'Cypress');
}

/**
 * Why a statement's value is an unhandled promise, or undefined when it is not one (or it
 * cannot be told without types). Follows typescript-eslint's defaults: `void` and
 * `.catch(handler)` / `.then(onFulfilled, onRejected)` count as handling.
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
      return floatingReason(node.right, context);
    }
    return undefined;
  }
  if (ts.isNewExpression(node)) {
    return context.qualifiedName(node.expression) === 'Promise' ? 'This new Promise is neither awaited nor handled' : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const callee = unwrap(node.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const count = node.arguments.length;
    if (method === 'catch' && count >= 1) return undefined;
    if (method === 'then' && count >= 2) return undefined;
    if (method === 'then') {
      return isCypressChain(callee.expression)
        ? undefined
        : 'This promise chain has no rejection handler: add .catch() or pass one to .then()';
    }
    if (method === 'finally' || method === 'catch') return floatingReason(callee.expression, context);
  }
  return promiseCallReason(node, context);
}

/** `items.map(async (item) => ...)` and the like: an array whose every element is a promise. */
function isPromiseArray(expression: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrap(expression);
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return false;
  const callee = unwrap(node.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'map' && promiseCallback(node.arguments[0], context) !== undefined;
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
        'Without type information the rule knows a call returns a promise when the callee is an `async` function ' +
        'or one declared to return `Promise` in the same file (including `this.method()` in the same class), a ' +
        '`Promise` static, `new Promise`, an async IIFE, a known promise API (`fetch`, `fs/promises`, ' +
        '`timers/promises`...), or a `.then()` chain. As in typescript-eslint, `void` counts as handling, and ' +
        '`.finally()` does not. An array of promises made by `.map()` with an async (or promise-returning) callback ' +
        'and then dropped is reported too, with `Promise.all()` fixes. Cypress command chains (`cy.get(...).then(...)`) are thenables, not promises, ' +
        'and are left alone.',
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
