// Waiting for UI state: poll a check until it holds or a deadline passes, then fail with the
// name of the step and what was last seen. The workbench loads lazily, so every UI assertion
// goes through here instead of a fixed sleep.

export class StepError extends Error {
  constructor(step: string, detail: string) {
    super(`${step}: ${detail}`);
    this.name = 'StepError';
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `check` until it returns a value other than undefined/false, and returns that value.
 * `check` may throw; the last error (or the last description from `seen`) ends up in the message.
 */
export async function waitFor<T>(
  step: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions & { seen?: () => Promise<string> | string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const interval = options.intervalMs ?? 250;
  let last = 'the condition never held';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    if (Date.now() > deadline) {
      if (options.seen) last = `${last}; seen: ${await Promise.resolve(options.seen()).catch((error: unknown) => String(error))}`;
      throw new StepError(step, `timed out after ${options.timeoutMs ?? 30_000} ms (${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
