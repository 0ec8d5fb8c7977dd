// Calls that take an awaitable and give back its result unchanged, adding only a timeout or
// protection from cancellation: `await asyncio.wait_for(fetch(), 5)` is still `fetch()`'s work.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { TIMEOUT_WRAPPERS } from './scopes';

const SHIELDS = new Set(['asyncio.shield']);

/** True when the call wraps the awaitable passed as its first argument and returns that awaitable's result. */
export function isResultPassthrough(call: Node, context: PythonContext): boolean {
  const name = context.calleeName(call);
  return name !== undefined && (TIMEOUT_WRAPPERS.has(name) || SHIELDS.has(name));
}
