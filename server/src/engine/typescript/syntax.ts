// Small questions about TypeScript/JavaScript syntax trees that many rules ask. Kept here so
// each is answered one way.
import ts from 'typescript';

/** The expression inside any parentheses, `as`, `satisfies` and non-null assertions. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The expression inside any parentheses (and nothing else: `as` and `!` are kept). */
export function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The node's parent past any parentheses around it, and the outermost of those (or the node). */
export function parentPastParentheses(node: ts.Node): { parent: ts.Node; child: ts.Node } {
  let child = node;
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent;
  return { parent: child.parent, child };
}

/** The function a node's code runs in (arrow functions included); undefined at the top level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (ts.isFunctionLike(up)) return up;
  }
  return undefined;
}
