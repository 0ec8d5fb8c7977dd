// The library calls that put a deadline on code: timeout and cancel-scope context managers,
// and calls that run an awaitable under a timeout. Every rule asking "can this wait time
// out?" or "can this scope ever fire?" reads these tables, so a library variant added here
// reaches all of them.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';
import { ancestorsInScope, withManagers } from '../../engine/python/syntax';

export interface TimeoutScope {
  readonly library: AsyncLibrary;
  /** asyncio's scopes are asynchronous context managers; trio's and AnyIO's are plain ones. */
  readonly entered: 'with' | 'async with';
}

const asyncioScope: TimeoutScope = { library: 'asyncio', entered: 'async with' };
const anyioScope: TimeoutScope = { library: 'anyio', entered: 'with' };
const trioScope: TimeoutScope = { library: 'trio', entered: 'with' };

/** Context managers that cancel their body when a deadline passes (or when told to), by qualified name. */
export const TIMEOUT_SCOPES: ReadonlyMap<string, TimeoutScope> = new Map([
  ['asyncio.timeout', asyncioScope],
  ['asyncio.timeout_at', asyncioScope],
  // Where they are defined; the `asyncio` names re-export them.
  ['asyncio.timeouts.timeout', asyncioScope],
  ['asyncio.timeouts.timeout_at', asyncioScope],
  // The backport most asyncio code written before Python 3.11 uses.
  ['async_timeout.timeout', asyncioScope],
  ['async_timeout.timeout_at', asyncioScope],
  ['anyio.fail_after', anyioScope],
  ['anyio.move_on_after', anyioScope],
  ['anyio.CancelScope', anyioScope],
  ['trio.fail_after', trioScope],
  ['trio.fail_at', trioScope],
  ['trio.move_on_after', trioScope],
  ['trio.move_on_at', trioScope],
  ['trio.CancelScope', trioScope],
]);

/**
 * The scopes among these that end quietly when they fire or are cancelled: their block stops at
 * a checkpoint and the code after it runs, with no exception.
 */
export const QUIET_SCOPES: ReadonlySet<string> = new Set([
  'anyio.move_on_after',
  'anyio.CancelScope',
  'trio.move_on_after',
  'trio.move_on_at',
  'trio.CancelScope',
]);

/** Calls that await what they are given under a timeout of their own. */
export const TIMEOUT_WRAPPERS: ReadonlySet<string> = new Set(['asyncio.wait_for']);

/** The timeout scope a context-manager expression opens, if it is one. */
export function timeoutScopeOf(manager: Node, context: PythonContext): TimeoutScope | undefined {
  if (manager.type !== 'call') return undefined;
  const name = context.calleeName(manager);
  return name === undefined ? undefined : TIMEOUT_SCOPES.get(name);
}

/**
 * True when a timeout visible in the node's own function bounds it: the node is inside a
 * timeout scope's `with` statement or among the arguments of a timeout wrapper.
 */
export function isUnderTimeout(node: Node, context: PythonContext): boolean {
  for (const up of ancestorsInScope(node)) {
    if (up.type === 'with_statement' && withManagers(up).some((manager) => timeoutScopeOf(manager, context))) return true;
    if (up.type === 'call') {
      const name = context.calleeName(up);
      if (name !== undefined && TIMEOUT_WRAPPERS.has(name)) return true;
    }
  }
  return false;
}
