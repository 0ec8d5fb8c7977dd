// When to bring a crashed language server back, and what to say about it: restart it after each
// crash, but give up when it keeps crashing, so a server that dies on every start does not spin
// forever. Free of `vscode` so tests can check it.

/** At most this many restarts within `RESTART_WINDOW_MINUTES`; the next crash in it gives up. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MINUTES = 3;
const RESTART_WINDOW_MS = RESTART_WINDOW_MINUTES * 60 * 1000;

/** A crash, counted among those of the last `RESTART_WINDOW_MINUTES`. */
export interface Crash {
  /** 1 for the first crash within the window, this one included. */
  count: number;
  /** Whether this crash is restarted: `count` is at most `MAX_RESTARTS`. */
  restart: boolean;
}

export class RestartPolicy {
  /** Times of the crashes within the window, oldest first. */
  private crashes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a crash and says whether to restart. */
  crashed(): Crash {
    const time = this.now();
    this.crashes = [...this.crashes.filter((earlier) => time - earlier < RESTART_WINDOW_MS), time];
    return { count: this.crashes.length, restart: this.crashes.length <= MAX_RESTARTS };
  }
}

/** "crash 2 of 5 within 3 minutes": where a restarted crash stands against the limit. */
export function crashCount(crash: Crash): string {
  return `crash ${crash.count} of ${MAX_RESTARTS} within ${RESTART_WINDOW_MINUTES} minutes`;
}

/** For the output: what happened and what the client does about it. */
export function describeCrash(crash: Crash): string {
  return crash.restart
    ? `The language server stopped unexpectedly; restarting it (${crashCount(crash)}).`
    : `The language server stopped unexpectedly ${crash.count} times within ${RESTART_WINDOW_MINUTES} minutes, so it stays stopped until you restart it.`;
}
