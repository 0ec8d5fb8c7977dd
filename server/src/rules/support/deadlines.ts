// When deadlines start counting. Some calls take an absolute time on the library's clock, whose
// zero is arbitrary; some relative scopes fix their deadline when they are created rather than
// when they are entered. The scopes themselves are listed in scopes.ts; these tables add what
// the deadline rules need to know about their arguments and timing.
import type { AsyncLibrary } from '../../engine/python/imports';

export interface AbsoluteDeadlineCall {
  readonly library: AsyncLibrary;
  /** The positional slot of the deadline, when it may be passed positionally. */
  readonly position: number | undefined;
  /** The keyword that names the deadline. */
  readonly keyword: string;
  /** The call that takes a delay from now in the same slot (`trio.fail_after` for `trio.fail_at`), if any. */
  readonly relative: string | undefined;
}

/**
 * The functions take the deadline first, positionally or by keyword, and have a relative twin;
 * the `CancelScope` classes take it by keyword only, and have none of the same shape.
 */
function absolute(library: AsyncLibrary, keyword: string, relative?: string): AbsoluteDeadlineCall {
  return { library, position: relative === undefined ? undefined : 0, keyword, relative };
}

/** Calls whose deadline argument is a time on the library's clock, by qualified name. */
export const ABSOLUTE_DEADLINE_CALLS: ReadonlyMap<string, AbsoluteDeadlineCall> = new Map([
  ['trio.fail_at', absolute('trio', 'deadline', 'trio.fail_after')],
  ['trio.move_on_at', absolute('trio', 'deadline', 'trio.move_on_after')],
  ['trio.sleep_until', absolute('trio', 'deadline', 'trio.sleep')],
  // Keyword-only; trio 0.27 added `relative_deadline=`, AnyIO has no relative form of the class.
  ['trio.CancelScope', absolute('trio', 'deadline')],
  ['anyio.CancelScope', absolute('anyio', 'deadline')],
  ['anyio.sleep_until', absolute('anyio', 'deadline', 'anyio.sleep')],
  ['asyncio.timeout_at', absolute('asyncio', 'when', 'asyncio.timeout')],
  ['asyncio.timeouts.timeout_at', absolute('asyncio', 'when', 'asyncio.timeouts.timeout')],
  ['async_timeout.timeout_at', absolute('asyncio', 'deadline', 'async_timeout.timeout')],
]);

/** Each library's clock, the one absolute deadlines are measured on, and how code reads it. */
export const LIBRARY_CLOCK: Readonly<Record<AsyncLibrary, { readonly noun: string; readonly reading: string }>> = {
  asyncio: { noun: "the event loop's clock", reading: 'loop.time()' },
  anyio: { noun: "AnyIO's clock", reading: 'anyio.current_time()' },
  trio: { noun: "trio's clock", reading: 'trio.current_time()' },
};

export interface CreationCountdown {
  readonly library: AsyncLibrary;
  /** The release from which the library starts the countdown on entry instead, if it changed. */
  readonly changedIn: string | undefined;
}

/**
 * Relative scopes that compute their deadline (now + delay) when called, so time spent between
 * creating and entering them counts against the delay. AnyIO's `fail_after()` is not one: since
 * AnyIO 4 it is a generator context manager that reads the clock on entry.
 */
export const COUNTDOWN_AT_CREATION: ReadonlyMap<string, CreationCountdown> = new Map<string, CreationCountdown>([
  ['trio.move_on_after', { library: 'trio', changedIn: 'trio 0.27' }],
  ['trio.fail_after', { library: 'trio', changedIn: 'trio 0.27' }],
  ['anyio.move_on_after', { library: 'anyio', changedIn: undefined }],
  ['asyncio.timeout', { library: 'asyncio', changedIn: undefined }],
  ['asyncio.timeouts.timeout', { library: 'asyncio', changedIn: undefined }],
  ['async_timeout.timeout', { library: 'asyncio', changedIn: undefined }],
]);
