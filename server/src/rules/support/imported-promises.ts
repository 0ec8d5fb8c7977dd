// "Is this an imported function that returns a promise?" for names bound by imports of other
// project files (`save`, `store.save`, `Store.load`), as the project index knows them. Shared by
// the promise-call and promise-callback helpers, so both read imports the same way.
import ts from 'typescript';
import type { TypeScriptContext } from '../../engine/typescript/context';
import { isShadowed } from '../../engine/typescript/symbols';
import { unwrapExpression } from '../../engine/typescript/syntax';

/** True when the expression names an imported function the index says returns a promise, and no local declaration hides the import. */
export function isImportedPromiseFunction(expression: ts.Expression, context: TypeScriptContext): boolean {
  const node = unwrapExpression(expression);
  let head: ts.Expression = node;
  while (ts.isPropertyAccessExpression(head)) head = unwrapExpression(head.expression);
  // Imports are bound at the top level; a parameter or local of the same name is another value.
  if (!ts.isIdentifier(head) || !context.bindings.has(head.text) || isShadowed(head.text, node)) return false;
  const qualified = context.qualifiedName(node);
  return qualified !== undefined && context.isImportedPromiseFunction(qualified);
}
