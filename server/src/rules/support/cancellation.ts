// How each library spells its cancellation exception, and which `except` clauses catch it.
// Cancellation is delivered as an exception at the next checkpoint; a handler that catches it
// decides whether the task really stops.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';
import { caughtClasses } from '../../engine/python/syntax';
import { builtinName } from './builtins';

/** Exception classes that are a library's cancellation, by qualified name. */
const CANCELLATION_CLASSES: ReadonlyMap<string, AsyncLibrary> = new Map<string, AsyncLibrary>([
  ['asyncio.CancelledError', 'asyncio'],
  ['asyncio.exceptions.CancelledError', 'asyncio'],
  ['trio.Cancelled', 'trio'],
]);

/** Functions returning the running backend's cancellation class, called in the `except` itself. */
const CANCELLATION_CLASS_GETTERS: ReadonlyMap<string, AsyncLibrary> = new Map<string, AsyncLibrary>([
  ['anyio.get_cancelled_exc_class', 'anyio'],
]);

/** How code written for each library names its cancellation in an `except`. */
export const CANCELLATION_SPELLING: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: 'asyncio.CancelledError',
  anyio: 'anyio.get_cancelled_exc_class()',
  trio: 'trio.Cancelled',
};

export type CancellationCatch =
  /** The clause names a library's cancellation class. */
  | { readonly kind: 'cancellation'; readonly library: AsyncLibrary; readonly node: Node }
  /** A bare `except:` or `except BaseException`, which catches cancellation along with everything else. */
  | { readonly kind: 'everything'; readonly node: Node };

/**
 * Whether an `except` (or `except*`) clause catches cancellation, and the expression (or the
 * `except` keyword, when bare) that makes it. A class named in a tuple counts; a tuple kept in
 * a variable is unknown and does not.
 */
export function cancellationCaught(clause: Node, context: PythonContext): CancellationCatch | undefined {
  if (!clause.childForFieldName('value')) {
    const keyword = clause.children[0];
    return keyword?.type === 'except' ? { kind: 'everything', node: keyword } : undefined;
  }
  for (const candidate of caughtClasses(clause)) {
    const found = catchOf(candidate, context);
    if (found) return found;
  }
  return undefined;
}

/**
 * What an `except` clause catches of cancellation when it runs: `cancellationCaught`, unless an
 * earlier clause of the same `try` takes it first (a catch-all, or the same library's class), so
 * that this one never sees it. A catch-all after any cancellation clause is taken to see none:
 * one `try` body rarely raises more than one library's cancellation.
 */
export function cancellationReaching(clause: Node, context: PythonContext): CancellationCatch | undefined {
  const caught = cancellationCaught(clause, context);
  for (let earlier = clause.previousNamedSibling; caught && earlier; earlier = earlier.previousNamedSibling) {
    const before = earlier.type === 'except_clause' ? cancellationCaught(earlier, context) : undefined;
    if (!before) continue;
    if (before.kind === 'everything' || caught.kind === 'everything' || before.library === caught.library) return undefined;
  }
  return caught;
}

function catchOf(expression: Node, context: PythonContext): CancellationCatch | undefined {
  if (expression.type === 'call') {
    const getter = context.calleeName(expression);
    const library = getter === undefined ? undefined : CANCELLATION_CLASS_GETTERS.get(getter);
    const hasArguments = (expression.childForFieldName('arguments')?.namedChildCount ?? 0) > 0;
    return library && !hasArguments ? { kind: 'cancellation', library, node: expression } : undefined;
  }
  const qualified = context.qualifiedName(expression);
  const library = qualified === undefined ? undefined : CANCELLATION_CLASSES.get(qualified);
  if (library) return { kind: 'cancellation', library, node: expression };
  return builtinName(expression, context) === 'BaseException' ? { kind: 'everything', node: expression } : undefined;
}
