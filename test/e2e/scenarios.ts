// What the end-to-end suites expect of test/e2e/workspace, in one place: the code-server suite
// checks it through the UI, the desktop suite through the extension host's API.

export const WORKER = 'app/worker.py';
export const POLLER = 'app/poller.py';
export const STORE = 'app/store.py';
export const NOTIFY = 'web/notify.ts';

export interface ExpectedFinding {
  rule: string;
  /** 1-based. */
  line: number;
  column: number;
  message: RegExp;
}

export const WORKER_FINDINGS: readonly ExpectedFinding[] = [
  { rule: 'blocking-sleep', line: 13, column: 5, message: /time\.sleep\(\) blocks the event loop/ },
  { rule: 'unawaited-coroutine', line: 19, column: 5, message: /'fetch_order\(\)' returns a coroutine that is never awaited/ },
];

export const NOTIFY_FINDINGS: readonly ExpectedFinding[] = [
  { rule: 'floating-promise', line: 8, column: 5, message: /'sendEmail\(\)' returns a promise that is neither awaited nor handled/ },
];

/** poller.py is never opened before the fix-on-save step: the workspace scope reports it. */
export const POLLER_FINDING: ExpectedFinding = { rule: 'blocking-sleep', line: 8, column: 9, message: /time\.sleep\(\) blocks the event loop/ };

/** The blocking sleep's quick fix in worker.py, and the line it leaves. */
export const SLEEP_FIX = { line: 13, title: "Replace with 'await asyncio.sleep(...)'", fixedLine: '    await asyncio.sleep(0.5)' } as const;

/** "Ignore on this line" for the unawaited coroutine in worker.py, once the sleep fix has added `import asyncio`. */
export const IGNORE_COROUTINE = {
  line: 20,
  title: 'Ignore unawaited-coroutine on this line',
  ignoredLine: '    fetch_order(order_ids[0])  # awaitwise: ignore[unawaited-coroutine]',
} as const;

/** Making store.save async turns `save(order)` in worker.py into an unawaited coroutine. */
export const ASYNC_SAVE = {
  storeLine: 4,
  before: 'def save(order):',
  after: 'async def save(order):',
  /** In worker.py, after the sleep fix. */
  workerLine: 15,
  message: /'save\(\)' returns a coroutine that is never awaited/,
} as const;

/** poller.py is fixed on save by source.fixAll.awaitwise. */
export const FIX_ON_SAVE = { path: POLLER, line: 8, fixedLine: '        await asyncio.sleep(30)' } as const;

/** A snippet typed in a new Python file, and a line of what it inserts. */
export const SNIPPET = { prefix: 'aw-taskgroup', inserted: 'async with asyncio.TaskGroup() as tg:' } as const;

/** Checklist items the workspace fails in file scope for worker.py, and a manual one. */
export const CHECKLIST = {
  failing: [
    { title: 'Async code pauses with the async sleep of its library, never a blocking one', findings: 1 },
    { title: 'Every coroutine that is called is awaited or handed to a task', findings: 1 },
  ],
  manual: 'Shutdown was tried for real, with SIGTERM and with Ctrl+C, and left no warnings or hung tasks behind',
  manualId: 'shutdown-tested',
} as const;

/**
 * Typed at the end of notify.ts once the language server has been killed and restarted: a
 * finding only the new server can report, from a rule the settings step leaves on.
 */
export const AFTER_RESTART = {
  path: NOTIFY,
  typed: 'export const ready = new Promise(async (resolve) => resolve(1));',
  rule: 'async-promise-executor',
  message: /A Promise executor must not be async/,
} as const;
