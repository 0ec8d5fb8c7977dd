// Where a node sits among the `with` blocks of its function, and which names an expression
// hands on, for the rules about blocks that a yield, an exit or a child task outlives.
import type { Node } from 'web-tree-sitter';
import { type EnclosingWith, descendantsInScope, enclosingWiths, namesRead, parameterName } from '../../engine/python/syntax';

/** The `with` statements whose body holds the node (not their items), innermost first, within its function. */
export function withBlocksAround(node: Node): EnclosingWith[] {
  return enclosingWiths(node).filter(({ statement }) => {
    const body = statement.childForFieldName('body');
    return body !== null && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex;
  });
}

const LAMBDA = new Set(['lambda']);

/**
 * The identifiers an expression reads, counting those read inside the lambdas it builds unless
 * the lambda binds the name itself (`lambda: use(conn)` reads `conn`, `lambda conn: conn` does not).
 */
export function namesReadThroughLambdas(root: Node): Node[] {
  if (root.type === 'lambda') return lambdaReads(root);
  const read = namesRead(root);
  for (const lambda of descendantsInScope(root, LAMBDA)) read.push(...lambdaReads(lambda));
  return read;
}

/** What a lambda reads from around it: its parameters' defaults, and the free names of its body. */
function lambdaReads(lambda: Node): Node[] {
  const parameters = lambda.childForFieldName('parameters')?.namedChildren.filter((child): child is Node => child !== null) ?? [];
  const bound = new Set(parameters.map(parameterName));
  const defaults = parameters.flatMap((parameter) => {
    const value = parameter.type.endsWith('default_parameter') ? parameter.childForFieldName('value') : null;
    return value ? namesReadThroughLambdas(value) : [];
  });
  const body = lambda.childForFieldName('body');
  const free = body ? namesReadThroughLambdas(body).filter((name) => !bound.has(name.text)) : [];
  return [...defaults, ...free];
}
