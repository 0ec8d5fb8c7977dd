// How many times a loop or comprehension runs, as far as the code shows: a literal, a slice
// or a counted `range(n)` is bounded by the author; items that arrive at run time (a
// parameter, a query result, `range(len(items))`) are open-ended.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { ancestorsInScope, nameBindings, positionalArguments, targetNames } from '../../engine/python/syntax';
import { builtinCallee } from './builtins';

export const COMPREHENSION_TYPES: ReadonlySet<string> = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);
const LITERAL_TYPES = new Set(['list', 'tuple', 'set', 'dictionary', 'string', 'concatenated_string']);
/** Builtins that iterate as many times as their first argument does. */
const SAME_LENGTH_BUILTINS = new Set(['enumerate', 'sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset', 'iter']);
/** Iterators of retry attempts: each pass is the same work again, not another item. */
const RETRY_ITERATORS = new Set(['tenacity.AsyncRetrying', 'tenacity.Retrying', 'stamina.retry_context']);
/** Module-level names in capitals are constants the author fixed (`URLS = [...]`, `WORKERS = 8`). */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Names bound from names bound from names...: past this, stay silent. */
const MAX_DEPTH = 4;

export interface Loop {
  readonly node: Node;
  /** What the loop iterates: a `for`'s iterable, or every `for` clause's of a comprehension. */
  readonly iterables: readonly Node[];
  /** The names it binds per item. */
  readonly targets: readonly Node[];
}

function forClauses(comprehension: Node): Node[] {
  return comprehension.namedChildren.filter((child): child is Node => child?.type === 'for_in_clause');
}

/** What a comprehension iterates: each `for` clause's iterable, outermost first. */
export function comprehensionIterables(comprehension: Node): Node[] {
  return forClauses(comprehension).map((clause) => clause.childForFieldName('right')!);
}

/**
 * The `for` loops (`async for` too) and comprehensions around `node` that run it once per item,
 * innermost first, within its function and below `stop`. `while` loops are not among them:
 * they retry, poll or serve, and say nothing about a number of items.
 */
export function loopsAround(node: Node, stop?: Node): Loop[] {
  const loops: Loop[] = [];
  let child = node;
  for (const up of ancestorsInScope(node)) {
    if (stop && up.equals(stop)) break;
    if (up.type === 'for_statement' && up.childForFieldName('body')?.equals(child)) {
      const left = up.childForFieldName('left');
      loops.push({ node: up, iterables: [up.childForFieldName('right')!], targets: left ? targetNames(left) : [] });
    } else if (COMPREHENSION_TYPES.has(up.type)) {
      const clauses = forClauses(up);
      // The first clause's iterable is evaluated once, before the first item.
      if (!clauses[0]?.equals(child)) {
        loops.push({
          node: up,
          iterables: comprehensionIterables(up),
          targets: clauses.flatMap((clause) => targetNames(clause.childForFieldName('left')!)),
        });
      }
    }
    child = up;
  }
  return loops;
}

/**
 * True when iterating `iterable` runs as many times as there are items at run time. `scope`
 * is the function whose local names it may read. Unknown shapes count as open-ended, except
 * where the code shows a bound: literals, slices (a batch), counted `range(n)` (a worker pool
 * or retry count), module constants, and a batch bound by an enclosing loop.
 */
export function isOpenEnded(iterable: Node, scope: Node | undefined, context: PythonContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (LITERAL_TYPES.has(iterable.type)) return false;
  if (COMPREHENSION_TYPES.has(iterable.type)) {
    return comprehensionIterables(iterable).some((inner) => isOpenEnded(inner, scope, context, depth + 1));
  }
  switch (iterable.type) {
    case 'parenthesized_expression':
      return iterable.namedChildCount === 1 ? isOpenEnded(iterable.firstNamedChild!, scope, context, depth + 1) : true;
    case 'subscript':
      return !iterable.childrenForFieldName('subscript').some((part) => part?.type === 'slice');
    case 'call':
      return callIsOpenEnded(iterable, scope, context, depth);
    case 'identifier':
      return nameIsOpenEnded(iterable, scope, context, depth);
    default:
      return true;
  }
}

function callIsOpenEnded(call: Node, scope: Node | undefined, context: PythonContext, depth: number): boolean {
  const qualified = context.calleeName(call);
  if (qualified !== undefined && RETRY_ITERATORS.has(qualified)) return false;
  const builtin = builtinCallee(call, context);
  const args = positionalArguments(call);
  // `range(len(items))` walks the items; any other `range` counts something the author chose.
  if (builtin === 'range') {
    const inner = call.childForFieldName('arguments')!.descendantsOfType('call');
    return inner.some((counted) => counted?.childForFieldName('function')?.text === 'len');
  }
  if (builtin !== undefined && SAME_LENGTH_BUILTINS.has(builtin)) {
    return args.length === 0 || isOpenEnded(args[0], scope, context, depth + 1);
  }
  // `zip` stops at its shortest argument.
  if (builtin === 'zip') return args.length > 0 && args.every((arg) => isOpenEnded(arg, scope, context, depth + 1));
  return true;
}

function nameIsOpenEnded(identifier: Node, scope: Node | undefined, context: PythonContext, depth: number): boolean {
  const name = identifier.text;
  const body = scope?.childForFieldName('body');
  const bindings = body ? nameBindings(body).filter(({ target }) => target.text === name) : [];
  if (bindings.length === 0) return !(CONSTANT_NAME.test(name) && context.symbols.moduleNames.has(name));
  return bindings.some(({ binder, source }) => {
    // A name an enclosing loop binds per item is a batch or group of something larger.
    if (binder.type === 'for_statement' || binder.type === 'for_in_clause') return false;
    if (binder.type === 'assignment' || binder.type === 'named_expression') return isOpenEnded(source, scope, context, depth + 1);
    return true;
  });
}
