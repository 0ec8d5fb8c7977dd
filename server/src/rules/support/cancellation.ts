// How each library spells its cancellation exception, and which `except` clauses catch it.
// Cancellation is delivered as an exception at the next checkpoint; a handler that catches it
// decides whether the task really stops.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';

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
  let caught = clause.childForFieldName('value');
  if (!caught) {
    const keyword = clause.children[0];
    return keyword?.type === 'except' ? { kind: 'everything', node: keyword } : undefined;
  }
  if (caught.type === 'as_pattern') caught = caught.namedChild(0);
  while (caught?.type === 'parenthesized_expression' && caught.namedChildCount === 1) caught = caught.firstNamedChild;
  if (!caught) return undefined;
  const candidates = caught.type === 'tuple' ? caught.namedChildren.filter((child): child is Node => child !== null) : [caught];
  for (const candidate of candidates) {
    const found = catchOf(candidate, context);
    if (found) return found;
  }
  return undefined;
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
  return isBaseException(expression, qualified, context) ? { kind: 'everything', node: expression } : undefined;
}

function isBaseException(expression: Node, qualified: string | undefined, context: PythonContext): boolean {
  if (qualified === 'builtins.BaseException') return true;
  const name = expression.text;
  return (
    expression.type === 'identifier' &&
    name === 'BaseException' &&
    !context.imports.bindings.has(name) &&
    !context.symbols.moduleNames.has(name)
  );
}
