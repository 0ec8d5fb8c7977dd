// The time one file's analysis may take. Analysis runs on the server's only thread, so a file
// that never finishes (a rule meeting its worst case on some input) would hold every other
// request behind it. Past the budget the run is stopped through the engine's cancellation
// token, which the engine reads between nodes (a single rule call is never interrupted).
import type { CancellationToken } from '../engine/index';
import type { AnalysisNotice } from './diagnostics';
import type { Log } from './log';

export const analysisLimits = {
  /**
   * 10 s: two to three times the slowest ordinary case measured (a type-aware edit of a
   * 20,000-line TypeScript file takes 3.7 s at p95 on a 2-core machine, npm run bench), so only a
   * runaway analysis meets it, and short enough that the server answers again in seconds.
   * Mutable only so that tests running the server from source can lower it through a preload.
   */
  budgetMs: 10_000,
};

/** Cancelled when `inner` is, or once the budget (counted from construction) is spent. */
export class BudgetToken implements CancellationToken {
  private readonly deadline = performance.now() + analysisLimits.budgetMs;
  private expired = false;

  constructor(private readonly inner: CancellationToken) {}

  get isCancellationRequested(): boolean {
    if (this.inner.isCancellationRequested) return true;
    this.expired ||= performance.now() >= this.deadline;
    return this.expired;
  }

  /** Whether the budget, not `inner`, stopped the run. */
  get timedOut(): boolean {
    return this.expired;
  }
}

function budgetText(): string {
  return `${analysisLimits.budgetMs / 1000} s`;
}

/** The notice's diagnostic code: a contract, like a rule id, that clients and users may filter on. */
export const ANALYSIS_TIMEOUT_CODE = 'analysis-timeout';

/** Shown on the file: why it has no findings. Open files wait for a save, files on disk for a change. */
export function timeoutNotice(open: boolean): AnalysisNotice {
  return {
    code: ANALYSIS_TIMEOUT_CODE,
    message: `Awaitwise stopped analysing this file after ${budgetText()}: its problems are not shown. It is analysed again when it ${open ? 'is saved' : 'changes'}.`,
  };
}

/** Logs that a file's analysis was stopped, once per file: a file stopped at every keystroke is reported once. */
export function logTimeout(log: Log, file: string): void {
  log.warnOnce(
    `analysis-timeout:${file}`,
    `Analysing ${file} took more than ${budgetText()} and was stopped: its findings are missing until an analysis of it finishes in time.`,
  );
}
