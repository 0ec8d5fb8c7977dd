// The library calls that suspend the caller for a while, or only long enough to let other
// tasks run and to notice cancellation.
import type { AsyncLibrary } from '../../engine/python/imports';

export interface SleepCall {
  readonly library: AsyncLibrary;
  /** `sleep(seconds)`, `sleep_until(deadline)`, or a bare checkpoint that never waits. */
  readonly kind: 'delay' | 'deadline' | 'checkpoint';
}

/** By qualified name. */
export const SLEEP_CALLS: ReadonlyMap<string, SleepCall> = new Map<string, SleepCall>([
  ['asyncio.sleep', { library: 'asyncio', kind: 'delay' }],
  ['anyio.sleep', { library: 'anyio', kind: 'delay' }],
  ['anyio.sleep_until', { library: 'anyio', kind: 'deadline' }],
  ['anyio.lowlevel.checkpoint', { library: 'anyio', kind: 'checkpoint' }],
  ['trio.sleep', { library: 'trio', kind: 'delay' }],
  ['trio.sleep_until', { library: 'trio', kind: 'deadline' }],
  ['trio.lowlevel.checkpoint', { library: 'trio', kind: 'checkpoint' }],
]);

/** The library's call that only checkpoints; asyncio has none, `await asyncio.sleep(0)` is its documented way to yield. */
export function checkpointCall(library: AsyncLibrary): string | undefined {
  for (const [name, call] of SLEEP_CALLS) if (call.library === library && call.kind === 'checkpoint') return name;
  return undefined;
}

/** Calls that wait until the task is cancelled, and never return otherwise. */
export const SLEEP_FOREVER: ReadonlySet<string> = new Set(['trio.sleep_forever', 'anyio.sleep_forever']);
