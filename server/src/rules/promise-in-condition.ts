import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { parentPastParentheses, skipParentheses } from '../engine/typescript/syntax';
import { isPromiseValue as isPromise } from './support/promise-calls';

function isLogical(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  return operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken;
}

function isNullish(node: ts.BinaryExpression): boolean {
  return node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** The node is a condition itself: of `if`, a loop, `?:`, or the operand of `!`. */
function isConditionPosition(node: ts.Node): boolean {
  const { parent, child } = parentPastParentheses(node);
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === child;
  if (ts.isForStatement(parent)) return parent.condition === child;
  if (ts.isConditionalExpression(parent)) return parent.condition === child;
  return ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken;
}

/** The value decides a branch: a condition, or an operand of a logical expression that is one. */
function isTested(node: ts.Node): boolean {
  if (isConditionPosition(node)) return true;
  const { parent } = parentPastParentheses(node);
  return isLogical(parent) && isTested(parent);
}

/** A logical expression that `check` reaches from an enclosing condition or logical expression. */
function isReachedFromOutside(node: ts.BinaryExpression): boolean {
  if (isConditionPosition(node)) return true;
  const { parent, child } = parentPastParentheses(node);
  if (!isLogical(parent)) return false;
  return parent.left === child ? !isNullish(parent) || isTested(parent) : isTested(parent);
}

/**
 * Reports the promises among a value and, through `&&`/`||`/`??`, its operands, as
 * typescript-eslint's `checksConditionals` does: a left operand is always truth-tested (but
 * not the left of `??` outside a condition), a right operand only when the whole is tested.
 */
function check(expression: ts.Expression, tested: boolean, context: TypeScriptContext): void {
  const node = skipParentheses(expression);
  if (isLogical(node)) {
    if (!isNullish(node) || tested) check(node.left, tested, context);
    if (tested) check(node.right, tested, context);
    return;
  }
  if (!isPromise(node, context) && !context.types?.isAlwaysThenable(node)) return;
  const message = ts.isIdentifier(node)
    ? `'${node.text}' holds a promise, which is always truthy: this condition does not depend on its result (await it)`
    : 'A promise is always truthy: this condition does not depend on its result (await it)';
  context.report(node, message);
}

const checkCondition = (condition: ts.Expression | undefined, context: TypeScriptContext): void => {
  if (condition) check(condition, true, context);
};

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
    checklist: 'promises-not-mistaken',
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
        'With a type checker the rule follows typescript-eslint\'s `checksConditionals` and `checksSpreads`: a ' +
        'condition is reported when every part of its type is thenable (`Promise<boolean> | undefined` is a ' +
        'legitimate test), a spread when any part is. Without types a value counts as a promise when it is ' +
        '`new Promise(...)`, a call the rule knows returns a promise (an `async` function or one declared to ' +
        'return `Promise` in the same file or imported from another project file, `this.method()` of the same ' +
        'class, `Promise` statics, `fetch`, `fs/promises`...), a `.then/.catch/.finally` chain on one, or a ' +
        '`const` of the same function initialised with such a call and not awaited. As in typescript-eslint, ' +
        'the left operand of `&&` and `||` is always a test, the right operand only when the whole expression ' +
        'is tested, and the left operand of `??` only inside a condition. Async callbacks given to ' +
        '`filter`/`some`/`every` are reported by `misused-promise-callback`, which carries the ' +
        '`no-misused-promises` alias; this rule covers the same option set\'s conditional and spread checks ' +
        'under its own id.',
    },
  },
  typescript: {
    [ts.SyntaxKind.IfStatement]: (node, context) => checkCondition((node as ts.IfStatement).expression, context),
    [ts.SyntaxKind.WhileStatement]: (node, context) => checkCondition((node as ts.WhileStatement).expression, context),
    [ts.SyntaxKind.DoStatement]: (node, context) => checkCondition((node as ts.DoStatement).expression, context),
    [ts.SyntaxKind.ForStatement]: (node, context) => checkCondition((node as ts.ForStatement).condition, context),
    [ts.SyntaxKind.ConditionalExpression]: (node, context) => checkCondition((node as ts.ConditionalExpression).condition, context),
    [ts.SyntaxKind.PrefixUnaryExpression](node, context) {
      const unary = node as ts.PrefixUnaryExpression;
      if (unary.operator === ts.SyntaxKind.ExclamationToken) checkCondition(unary.operand, context);
    },
    [ts.SyntaxKind.BinaryExpression](node, context) {
      const binary = node as ts.BinaryExpression;
      if (isLogical(binary) && !isReachedFromOutside(binary)) check(binary, false, context);
    },
    [ts.SyntaxKind.SpreadAssignment](node, context) {
      const spread = node as ts.SpreadAssignment;
      const expression = skipParentheses(spread.expression);
      if (isPromise(expression, context) || context.types?.isSometimesThenable(expression)) {
        context.report(spread, 'Spreading a promise copies none of its eventual value: await it first');
      }
    },
  },
};
