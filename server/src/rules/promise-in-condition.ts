import ts from 'typescript';
import type { Rule } from '../engine/rule';
import { isPromiseValue as isPromise } from './support/promise-calls';

function parentSkippingParens(node: ts.Node): { parent: ts.Node; child: ts.Node } {
  let child = node;
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent;
  return { parent: child.parent, child };
}

function isLogical(node: ts.Node): node is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  );
}

/** True when the expression's value is tested for truthiness (directly or through `&&`/`||`). */
function isTested(node: ts.Node): boolean {
  const { parent, child } = parentSkippingParens(node);
  if (!parent) return false;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === child;
  if (ts.isForStatement(parent)) return parent.condition === child;
  if (ts.isConditionalExpression(parent)) return parent.condition === child;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (isLogical(parent)) return parent.left === child || isTested(parent);
  return false;
}

// A promise object is always truthy: the branch never depends on what the promise resolves to.
export const promiseInCondition: Rule = {
  meta: {
    id: 'promise-in-condition',
    title: 'Promise used as a condition',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    // typescript-eslint's no-misused-promises covers conditions and spreads too, so this rule answers to its
    // name as well as misused-promise-callback does.
    aliases: ['no-misused-promises'],
    checklist: 'promises-handled',
    fixable: false,
    docs: {
      summary:
        'Finds promises tested for truth — in `if`, `while`, `do`, `for` conditions, `?:`, `!`, and as `&&`/`||` ' +
        'operands whose value is tested — and promises spread into object literals (`{ ...promise }`).',
      why:
        'A promise is an object, and every object is truthy. `if (isAllowed(user))` with an async `isAllowed` takes ' +
        'the branch whether the answer is yes or no, `!p` is always false, and a loop on a promise never ends. The ' +
        'promise is also dropped, so a rejection goes unhandled. Spreading a promise copies none of its eventual ' +
        'value: `{ ...loadDefaults() }` adds no properties at all.',
      fix: 'Await the promise first and test (or spread) the value it resolves to.',
      examples: {
        typescript: {
          bad:
            'async function isAllowed(user: string): Promise<boolean> {\n  return user === "admin";\n}\n\n' +
            'export async function open(user: string) {\n  if (isAllowed(user)) {\n    return "welcome";\n  }\n  return "denied";\n}',
          good:
            'async function isAllowed(user: string): Promise<boolean> {\n  return user === "admin";\n}\n\n' +
            'export async function open(user: string) {\n  if (await isAllowed(user)) {\n    return "welcome";\n  }\n  return "denied";\n}',
        },
      },
      notes:
        'Without type information a value counts as a promise when it is `new Promise(...)`, a call the rule knows ' +
        'returns a promise (an `async` function or one declared to return `Promise` in the same file, ' +
        '`this.method()` of the same class, `Promise` statics, `fetch`, `fs/promises`...), a `.then/.catch/.finally` ' +
        'chain on one, or a `const` of the same function initialised with such a call and not awaited. ' +
        'typescript-eslint (`checksConditionals`, `checksSpreads`) decides from the type, so it also catches ' +
        'promise-typed parameters and properties. Like it, the right operand of `&&`/`||` is judged only when the ' +
        'whole expression is itself tested, and `??` is not a test. Async callbacks given to `filter`/`some`/`every` ' +
        'are reported by `misused-promise-callback`, which carries the `no-misused-promises` alias; this rule covers ' +
        'the same option set\'s conditional and spread checks under its own id.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      if (isTested(call) && isPromise(call, context)) {
        context.report(call, 'A promise is always truthy: this condition does not depend on its result (await it)');
      }
    },
    [ts.SyntaxKind.NewExpression](node, context) {
      const expression = node as ts.NewExpression;
      if (isTested(expression) && isPromise(expression, context)) {
        context.report(expression, 'A promise is always truthy: this condition does not depend on its result (await it)');
      }
    },
    [ts.SyntaxKind.Identifier](node, context) {
      const identifier = node as ts.Identifier;
      if (isTested(identifier) && isPromise(identifier, context)) {
        context.report(identifier, `'${identifier.text}' holds a promise, which is always truthy: this condition does not depend on its result (await it)`);
      }
    },
    [ts.SyntaxKind.SpreadAssignment](node, context) {
      const spread = node as ts.SpreadAssignment;
      let expression = spread.expression;
      while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
      if (isPromise(expression, context)) {
        context.report(spread, 'Spreading a promise copies none of its eventual value: await it first');
      }
    },
  },
};
