// Small questions about Python syntax trees that many rules ask: arguments of a call, what
// encloses a node, whether a body awaits. Kept here so each is answered one way.
import type { Node, Tree } from 'web-tree-sitter';
import type { LineIndex } from '../text';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);
const COMPREHENSION_TYPES = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * Parents looked up so far, per tree. tree-sitter keeps no parent links: `parent` searches down
 * from the root, so it costs as much as the node is deep, and climbing from a node of code
 * nested thousands of levels deep costs millions of steps. Here each parent is looked up once.
 */
const parentsByTree = new WeakMap<Tree, Map<number, Node | null>>();

function parentsIn(tree: Tree): Map<number, Node | null> {
  let parents = parentsByTree.get(tree);
  if (!parents) parentsByTree.set(tree, (parents = new Map()));
  return parents;
}

/** `node.parent`, remembered for the node's tree. */
export function parentOf(node: Node): Node | null {
  const parents = parentsIn(node.tree);
  let parent = parents.get(node.id);
  if (parent === undefined) parents.set(node.id, (parent = node.parent));
  return parent;
}

/** The node's ancestors, innermost first, stopping before `stop` (exclusive) when given. */
export function* ancestors(node: Node, stop?: Node): Generator<Node> {
  for (let up = parentOf(node); up && !(stop && up.equals(stop)); up = parentOf(up)) yield up;
}

/** Ancestors up to the enclosing function, lambda or class (exclusive). */
export function* ancestorsInScope(node: Node): Generator<Node> {
  for (const up of ancestors(node)) {
    if (SCOPE_TYPES.has(up.type)) return;
    yield up;
  }
}

/** The function or lambda whose local scope holds the node; undefined at module or class level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (const up of ancestors(node)) {
    if (up.type === 'class_definition') return undefined;
    if (up.type === 'function_definition' || up.type === 'lambda') return up;
  }
  return undefined;
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

/** The name a parameter binds (`x` in `x`, `x: int`, `x=1`, `*x`, `**x`), never one from its annotation or default. */
export function parameterName(parameter: Node): string | undefined {
  const target = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.firstNamedChild);
  const name = target?.type === 'list_splat_pattern' || target?.type === 'dictionary_splat_pattern' ? target.firstNamedChild : target;
  return name?.type === 'identifier' ? name.text : undefined;
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
  return parentOf(node)?.type === 'await';
}

/** `async with` / `async for` / `async def`: the statement starts with the `async` keyword. */
export function isAsyncStatement(node: Node): boolean {
  return node.children[0]?.type === 'async';
}

export interface EnclosingWith {
  readonly statement: Node;
  readonly isAsync: boolean;
  readonly managers: Node[];
}

/**
 * The `with` statements around a node in its function, innermost first, with whether each is
 * `async with`, and the context-manager expressions of its items.
 */
export function enclosingWiths(node: Node): EnclosingWith[] {
  const found: EnclosingWith[] = [];
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
    // `with (open(p)) as f:` enters what the parentheses hold.
    managers.push(unparenthesized(value.type === 'as_pattern' ? (value.namedChild(0) ?? value) : value));
  }
  return managers;
}

/** The plain name an `as` pattern binds (`f` in `open(p) as f`, `e` in `except E as e`), if it binds one. */
function asPatternName(pattern: Node | null | undefined): string | undefined {
  if (pattern?.type !== 'as_pattern') return undefined;
  const alias = pattern.childForFieldName('alias');
  const name = alias?.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
  return name?.type === 'identifier' ? name.text : undefined;
}

/** The name an `as` clause binds for a with-item's manager, if it binds a plain name. */
export function withTarget(manager: Node): string | undefined {
  let pattern = manager.parent;
  while (pattern?.type === 'parenthesized_expression') pattern = pattern.parent;
  return asPatternName(pattern);
}

// --- except clauses -----------------------------------------------------------------------

/** True for an `except*` clause, which catches the members of exception groups. */
export function isExceptStar(clause: Node): boolean {
  return clause.type === 'except_clause' && clause.children[1]?.type === '*';
}

/** What a `raise` statement raises (`exc` in `raise exc from cause`); undefined for a bare `raise`. */
export function raisedExpression(statement: Node): Node | undefined {
  const cause = statement.childForFieldName('cause');
  return statement.namedChildren.find((child): child is Node => child !== null && child.type !== 'comment' && !cause?.equals(child));
}

/** The statements of an `except` clause. */
export function handlerBody(clause: Node): Node | undefined {
  return clause.namedChildren.find((child): child is Node => child?.type === 'block');
}

/** The name `except ... as name` binds, if any. */
export function exceptBoundName(clause: Node): string | undefined {
  return asPatternName(clause.childForFieldName('value'));
}

/**
 * The class expressions an `except` clause names, outer parentheses removed: each member of a
 * tuple, or the one expression (a tuple kept in a variable stays one); none for a bare `except:`.
 */
export function caughtClasses(clause: Node): Node[] {
  const value = clause.childForFieldName('value');
  const written = value?.type === 'as_pattern' ? value.namedChild(0) : value;
  if (!written) return [];
  const caught = unparenthesized(written);
  return caught.type === 'tuple' ? caught.namedChildren.filter((child): child is Node => child !== null) : [caught];
}

/** The expression inside any number of grouping parentheses: `x` for `((x))`, comments inside them aside. */
export function unparenthesized(expression: Node): Node {
  let inner = expression;
  for (;;) {
    const inside = inner.type === 'parenthesized_expression' ? inner.namedChildren.filter((child) => child?.type !== 'comment') : [];
    if (inside.length !== 1 || !inside[0]) return inner;
    inner = inside[0];
  }
}

/** The decorator expressions of a function or class definition (`app.get("/")` for `@app.get("/")`), outermost first. */
export function decoratorsOf(definition: Node): Node[] {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return [];
  return decorated.namedChildren
    .filter((child): child is Node => child?.type === 'decorator')
    .map((decorator) => decorator.namedChild(0))
    .filter((expression): expression is Node => expression !== null);
}

// --- names bound and read ---------------------------------------------------------------

/** Nodes that wrap the names of a multiple-target binding (`a, (b, *rest) = ...`, `with m() as (x, y)`). */
const TARGET_PATTERN_TYPES = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'list_splat_pattern',
  'tuple',
  'list',
  'list_splat',
  'parenthesized_expression',
  'expression_list',
  'as_pattern_target',
]);

/** The plain names a binding target writes: `a`, `a, b`, `(a, *rest)`. Attributes and subscripts write none. */
export function targetNames(target: Node): Node[] {
  if (target.type === 'identifier') return [target];
  if (!TARGET_PATTERN_TYPES.has(target.type)) return [];
  return target.namedChildren.flatMap((child) => (child ? targetNames(child) : []));
}

/** One binding of a plain name, and where the value it takes comes from. */
export interface NameBinding {
  /** The identifier written. */
  readonly target: Node;
  /** What writes it: an assignment (plain, augmented or walrus), a `for` loop or clause, a `with ... as` item. */
  readonly binder: Node;
  /** The assigned expression, the loop's iterable, or the context manager. */
  readonly source: Node;
}

const BINDER_TYPES = new Set(['assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'for_in_clause', 'as_pattern']);

/** The plain names a subtree binds (the root included; nested functions, lambdas and classes not), in document order. */
export function nameBindings(root: Node): NameBinding[] {
  const binders = descendantsInScope(root, BINDER_TYPES);
  if (BINDER_TYPES.has(root.type)) binders.unshift(root);
  return binders.flatMap(bindingsOf);
}

function bindingsOf(binder: Node): NameBinding[] {
  let target: Node | null;
  let source: Node | null;
  if (binder.type === 'named_expression') {
    target = binder.childForFieldName('name');
    source = binder.childForFieldName('value');
  } else if (binder.type === 'as_pattern') {
    // `except E as e` and `case ... as x` are as_patterns too; only `with` items take a value.
    if (binder.parent?.type !== 'with_item') return [];
    target = binder.childForFieldName('alias');
    source = binder.namedChild(0);
  } else {
    target = binder.childForFieldName('left');
    source = binder.childForFieldName('right');
  }
  if (!target || !source) return [];
  return targetNames(target).map((name) => ({ target: name, binder, source }));
}

/** True when the identifier reads a variable: not a name being bound, an attribute's name or a keyword's name. */
export function isNameRead(identifier: Node): boolean {
  const parent = parentOf(identifier);
  if (!parent) return false;
  if (parent.type === 'attribute') return !parent.childForFieldName('attribute')?.equals(identifier);
  if (parent.type === 'keyword_argument') return !parent.childForFieldName('name')?.equals(identifier);
  let target = identifier;
  let binder: Node | null = parent;
  for (; binder && TARGET_PATTERN_TYPES.has(binder.type); binder = parentOf(binder)) target = binder;
  // `x += 1` reads `x` before writing it.
  if (!binder || binder.type === 'augmented_assignment') return true;
  const field = binder.type === 'named_expression' ? 'name' : binder.type === 'as_pattern' ? 'alias' : 'left';
  const written = BINDER_TYPES.has(binder.type) && (binder.childForFieldName(field)?.equals(target) ?? false);
  return !written;
}

const IDENTIFIER = new Set(['identifier']);

/** The identifiers a subtree reads (nested functions, lambdas and classes aside), in document order. */
export function namesRead(root: Node): Node[] {
  if (root.type === 'identifier') return isNameRead(root) ? [root] : [];
  return descendantsInScope(root, IDENTIFIER).filter(isNameRead);
}

/**
 * The names whose values come from `seeds` within `root`: the seeds themselves, and every name
 * bound, directly or through other such names, from an expression that reads one of them.
 */
export function derivedNames(root: Node, seeds: Iterable<string>): Set<string> {
  const derived = new Set(seeds);
  const flows = nameBindings(root).map(({ target, source }) => ({ name: target.text, reads: namesRead(source).map((read) => read.text) }));
  for (let grew = true; grew; ) {
    grew = false;
    for (const { name, reads } of flows) {
      if (derived.has(name) || !reads.some((read) => derived.has(read))) continue;
      derived.add(name);
      grew = true;
    }
  }
  return derived;
}

/** The whitespace before a node on its first line, or undefined when other code precedes it there. */
export function indentationOf(node: Node, lines: LineIndex): string | undefined {
  const before = lines.lineText(node.startPosition.row).slice(0, node.startPosition.column);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The value of a number literal: `86_400`, `0x10`, `0o17`, `1.5e3`; complex literals (`2j`) and other nodes have none. */
export function numberLiteralValue(node: Node | null | undefined): number | undefined {
  if (node?.type !== 'integer' && node?.type !== 'float') return undefined;
  const text = node.text.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return undefined;
  const value = Number(/^0[oO]/.test(text) ? `0o${text.slice(2)}` : text);
  return Number.isNaN(value) ? undefined : value;
}

/** True for a loop or branch condition that is a literal truth: `True`, `1`, `1.0`, a non-empty string. */
export function isAlwaysTrue(condition: Node | null | undefined): boolean {
  if (condition?.type === 'string') return condition.namedChildren.some((part) => part?.type === 'string_content');
  // A complex literal has no real value here, and only `0j` is false.
  return condition?.type === 'true' || ((condition?.type === 'integer' || condition?.type === 'float') && numberLiteralValue(condition) !== 0);
}
