// Small questions about Python syntax trees that many rules ask: arguments of a call, what
// encloses a node, whether a body awaits. Kept here so each is answered one way.
import type { Node } from 'web-tree-sitter';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);
const COMPREHENSION_TYPES = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** The node's ancestors, innermost first, stopping before `stop` (exclusive) when given. */
export function* ancestors(node: Node, stop?: Node): Generator<Node> {
  for (let up = node.parent; up && !(stop && up.equals(stop)); up = up.parent) yield up;
}

/** Ancestors up to the enclosing function, lambda or class (exclusive). */
export function* ancestorsInScope(node: Node): Generator<Node> {
  for (const up of ancestors(node)) {
    if (SCOPE_TYPES.has(up.type)) return;
    yield up;
  }
}

/** Descendants of the given types, not looking inside nested functions, lambdas or classes. */
export function descendantsInScope(root: Node, types: ReadonlySet<string>): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [...root.namedChildren].filter((child): child is Node => child !== null).reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (types.has(node.type)) found.push(node);
    if (SCOPE_TYPES.has(node.type)) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return found;
}

const AWAIT_TYPES = new Set(['await', 'for_statement', 'with_statement']);

/**
 * True when the node's own code (not nested functions) suspends: an `await`, an `async for`
 * or an `async with`. Async comprehensions count through their `await`/`async for` clause.
 */
export function containsAwait(root: Node): boolean {
  if (isSuspendingNode(root)) return true;
  for (const node of descendantsInScope(root, AWAIT_TYPES_WITH_CLAUSES)) {
    if (isSuspendingNode(node)) return true;
  }
  return false;
}

const AWAIT_TYPES_WITH_CLAUSES = new Set([...AWAIT_TYPES, 'for_in_clause']);

function isSuspendingNode(node: Node): boolean {
  if (node.type === 'await') return true;
  if (node.type === 'for_statement' || node.type === 'with_statement' || node.type === 'for_in_clause') {
    return node.children[0]?.type === 'async';
  }
  return false;
}

/** The positional arguments of a call (not `*args`, `**kwargs` or keywords). */
export function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  if (list?.type !== 'argument_list') return [];
  return list.namedChildren.filter(
    (argument): argument is Node =>
      argument !== null &&
      argument.type !== 'keyword_argument' &&
      argument.type !== 'list_splat' &&
      argument.type !== 'dictionary_splat' &&
      argument.type !== 'comment',
  );
}

/** The value of a keyword argument (`timeout=5` -> `5`), if the call passes it. */
export function keywordArgument(call: Node, name: string): Node | undefined {
  const list = call.childForFieldName('arguments');
  if (list?.type !== 'argument_list') return undefined;
  for (const argument of list.namedChildren) {
    if (argument?.type === 'keyword_argument' && argument.childForFieldName('name')?.text === name) {
      return argument.childForFieldName('value') ?? undefined;
    }
  }
  return undefined;
}

/** True when a call passes `*args` or `**kwargs`, so its arguments cannot be known. */
export function hasSplatArguments(call: Node): boolean {
  const list = call.childForFieldName('arguments');
  return list?.namedChildren.some((argument) => argument?.type === 'list_splat' || argument?.type === 'dictionary_splat') ?? false;
}

/** The innermost loop or comprehension around a node within its function, if any. */
export function enclosingLoop(node: Node): Node | undefined {
  for (const up of ancestorsInScope(node)) {
    if (LOOP_TYPES.has(up.type) || COMPREHENSION_TYPES.has(up.type)) return up;
  }
  return undefined;
}

/** True when the expression is directly awaited (`await expr`). */
export function isAwaited(node: Node): boolean {
  return node.parent?.type === 'await';
}

/** `async with` / `async for` / `async def`: the statement starts with the `async` keyword. */
export function isAsyncStatement(node: Node): boolean {
  return node.children[0]?.type === 'async';
}

/**
 * The `with` statements around a node in its function, innermost first, with whether each is
 * `async with`, and the context-manager expressions of its items.
 */
export function enclosingWiths(node: Node): Array<{ statement: Node; isAsync: boolean; managers: Node[] }> {
  const found: Array<{ statement: Node; isAsync: boolean; managers: Node[] }> = [];
  for (const up of ancestorsInScope(node)) {
    if (up.type !== 'with_statement') continue;
    found.push({ statement: up, isAsync: isAsyncStatement(up), managers: withManagers(up) });
  }
  return found;
}

/** The context-manager expressions of a `with` statement's items (`open(p)` in `with open(p) as f`). */
export function withManagers(statement: Node): Node[] {
  const managers: Node[] = [];
  const clause = statement.namedChildren.find((child) => child?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    if (item?.type !== 'with_item') continue;
    const value = item.childForFieldName('value');
    if (!value) continue;
    managers.push(value.type === 'as_pattern' ? (value.namedChild(0) ?? value) : value);
  }
  return managers;
}

/** The name an `as` clause binds for a with-item's manager, if it binds a plain name. */
export function withTarget(manager: Node): string | undefined {
  const pattern = manager.parent;
  if (pattern?.type !== 'as_pattern') return undefined;
  const alias = pattern.childForFieldName('alias');
  const name = alias?.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
  return name?.type === 'identifier' ? name.text : undefined;
}
