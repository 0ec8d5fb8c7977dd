import ts from 'typescript';
import type { Rule } from '../engine/rule';
import { enclosingFunction, parentPastParentheses } from '../engine/typescript/syntax';

/** Array methods whose first callback's first parameter is an element of the array. */
const ELEMENT_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'flatMap', 'find', 'findLast', 'some', 'every']);

function bindsValue(pattern: ts.BindingName): boolean {
  return (
    ts.isObjectBindingPattern(pattern) &&
    pattern.elements.some((element) => {
      const key = element.propertyName ?? element.name;
      return ts.isIdentifier(key) && key.text === 'value';
    })
  );
}

/** True when the function mentions a settled result's `status` or a fulfilled/rejected check. */
function checksStatus(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'status') found = true;
    else if (ts.isBindingElement(node)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key) && key.text === 'status') found = true;
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && (node.text === 'fulfilled' || node.text === 'rejected' || node.text === 'status')) {
      found = true;
    } else if (ts.isIdentifier(node) && /fulfilled|rejected/i.test(node.text)) {
      found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

interface Results {
  /** Names bound to the whole array of settled results. */
  arrays: Set<string>;
  /** Names bound to single settled results. */
  elements: Set<string>;
  /** Whether the results are destructured straight into `{ value }`. */
  valueBound: boolean;
}

function resultsOf(awaitNode: ts.AwaitExpression): Results | undefined {
  const parent = parentPastParentheses(awaitNode).parent;
  const results: Results = { arrays: new Set(), elements: new Set(), valueBound: false };
  if (ts.isVariableDeclaration(parent) && parent.initializer) {
    if (ts.isIdentifier(parent.name)) results.arrays.add(parent.name.text);
    else if (ts.isArrayBindingPattern(parent.name)) {
      for (const element of parent.name.elements) {
        if (ts.isOmittedExpression(element)) continue;
        if (ts.isIdentifier(element.name)) results.elements.add(element.name.text);
        else if (bindsValue(element.name)) results.valueBound = true;
      }
    } else return undefined;
    return results;
  }
  if (ts.isForOfStatement(parent) && parent.expression !== undefined && ts.isVariableDeclarationList(parent.initializer)) {
    const name = parent.initializer.declarations[0]?.name;
    if (!name) return undefined;
    if (ts.isIdentifier(name)) results.elements.add(name.text);
    else if (bindsValue(name)) results.valueBound = true;
    return results;
  }
  return undefined;
}

/** True when the function reads `.value` of a settled result. */
function readsValue(body: ts.Node, results: Results): boolean {
  if (results.valueBound) return true;
  const elements = new Set(results.elements);
  // Callback parameters and loop variables over the array are elements too.
  const collect = (node: ts.Node): boolean => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ELEMENT_CALLBACK_METHODS.has(node.expression.name.text)) {
      const receiver = node.expression.expression;
      const callback = node.arguments[0];
      if (ts.isIdentifier(receiver) && results.arrays.has(receiver.text) && callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const parameter = callback.parameters[0]?.name;
        if (parameter && ts.isIdentifier(parameter)) elements.add(parameter.text);
        if (parameter && bindsValue(parameter)) return true;
      }
    }
    if (ts.isForOfStatement(node) && ts.isIdentifier(node.expression) && results.arrays.has(node.expression.text) && ts.isVariableDeclarationList(node.initializer)) {
      const name = node.initializer.declarations[0]?.name;
      if (name && ts.isIdentifier(name)) elements.add(name.text);
      if (name && bindsValue(name)) return true;
    }
    return ts.forEachChild(node, collect) ?? false;
  };
  if (collect(body)) return true;
  const reads = (node: ts.Node): boolean => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'value') {
      const receiver = node.expression;
      if (ts.isIdentifier(receiver) && elements.has(receiver.text)) return true;
      if (ts.isElementAccessExpression(receiver) && ts.isIdentifier(receiver.expression) && results.arrays.has(receiver.expression.text)) return true;
    }
    return ts.forEachChild(node, reads) ?? false;
  };
  return reads(body);
}

// A rejected entry has no `value`: reading it without checking `status` yields undefined silently.
export const allSettledUnchecked: Rule = {
  meta: {
    id: 'all-settled-unchecked',
    title: 'Promise.allSettled results used without checking status',
    languages: ['typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'errors-checked',
    fixable: false,
    docs: {
      summary:
        'Finds `await Promise.allSettled(...)` whose results have their `.value` read without the function ever ' +
        'checking a result\'s `status`.',
      why:
        '`Promise.allSettled` never rejects: each failure becomes an entry `{ status: "rejected", reason }` with no ' +
        '`value`. Code that reads `.value` without looking at `status` turns every failure into `undefined`, which ' +
        'then flows on as if it were data — a missing row, a `NaN` total, a crash far from the cause — while the ' +
        'error itself is never logged.',
      fix:
        'Check each result: `if (result.status === "fulfilled") use(result.value); else log(result.reason);`, or ' +
        'split them with a type guard. If any failure should fail the whole operation, use `Promise.all` instead.',
      examples: {
        typescript: {
          bad:
            'export async function loadAll(urls: string[]) {\n  const results = await Promise.allSettled(urls.map((url) => fetch(url)));\n' +
            '  return results.map((result) => result.value);\n}',
          good:
            'export async function loadAll(urls: string[]) {\n  const results = await Promise.allSettled(urls.map((url) => fetch(url)));\n' +
            '  return results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));\n}',
        },
      },
      notes:
        'The rule follows the results through the variable they are assigned to (an array, an array destructuring, ' +
        'or a `for...of` loop), element access (`results[0].value`), loop variables and array-method callbacks in ' +
        'the same function. Any mention of `status`, of the strings "fulfilled"/"rejected", or of a helper whose ' +
        'name contains "fulfilled" or "rejected" (a type guard) counts as checking. Results returned or passed on ' +
        'unread are left alone. TypeScript itself rejects `.value` on a `PromiseSettledResult` until it is narrowed, ' +
        'so in typed code this mostly catches JavaScript and `any`-typed results. No ESLint or typescript-eslint ' +
        'rule covers this.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      if (context.qualifiedName(call.expression) !== 'Promise.allSettled') return;
      const awaitNode = parentPastParentheses(call).parent;
      if (!ts.isAwaitExpression(awaitNode)) return;
      const fn = enclosingFunction(call);
      if (!fn || !('body' in fn) || !fn.body) return;
      const results = resultsOf(awaitNode);
      if (!results || !readsValue(fn.body, results) || checksStatus(fn.body)) return;
      context.report(call, 'These settled results have .value read without checking status: rejected entries become undefined and their errors are lost');
    },
  },
};
