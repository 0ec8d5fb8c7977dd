// Functions that only declare themselves: a protocol's method, an overload, a placeholder.
// Rules that ask what a function's body does leave these alone.
import type { Node } from 'web-tree-sitter';

/** A body that only declares the function: docstring, `...`, `pass`, `raise NotImplementedError`. */
export function isStubBody(body: Node): boolean {
  return body.namedChildren.every((statement) => {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement') return true;
    if (statement.type === 'expression_statement') {
      const expression = statement.namedChild(0);
      return statement.namedChildCount === 1 && (expression?.type === 'string' || expression?.type === 'ellipsis');
    }
    if (statement.type === 'raise_statement') {
      const raised = statement.namedChild(0);
      const name = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
      return name?.text === 'NotImplementedError';
    }
    return false;
  });
}
