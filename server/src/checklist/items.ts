// The async code review checklist: sections and items, in review order. Automatic items are
// decided by the rules that name them in their `checklist` field, and cover the languages of
// those rules; manual items are for what no analysis can see, and say how to check them.
import type { RuleLanguage } from '../engine/types';

export type ChecklistEntry =
  | { kind: 'auto'; id: string; title: string }
  | { kind: 'manual'; id: string; title: string; languages: RuleLanguage[]; hint: string };

export interface ChecklistSectionEntry {
  id: string;
  title: string;
  items: ChecklistEntry[];
}

const BOTH: RuleLanguage[] = ['python', 'typescript', 'javascript'];
const PY: RuleLanguage[] = ['python'];

const auto = (id: string, title: string): ChecklistEntry => ({ kind: 'auto', id, title });
const manual = (id: string, title: string, languages: RuleLanguage[], hint: string): ChecklistEntry => ({
  kind: 'manual',
  id,
  title,
  languages,
  hint,
});

export const checklistEntries: readonly ChecklistSectionEntry[] = [
  {
    id: 'concurrency-model',
    title: 'Concurrency model',
    items: [
      manual(
        'workload-fits',
        'The event loop only waits on I/O; heavy computation runs in processes or worker threads',
        BOTH,
        'Profile a busy request path: any function that computes for more than a few milliseconds without awaiting stalls every other task.',
      ),
      auto('independent-awaits-concurrent', 'Independent awaits run side by side instead of one after another'),
      auto('tasks-structured', 'Concurrent work belongs to a task group or nursery that waits for it'),
      auto('scopes-well-nested', 'Task groups and cancel scopes are never left by yield, return or break, nor used after they close'),
      manual(
        'shared-state-guarded',
        'State shared with threads or workers is immutable, owned by one side, or behind a lock',
        BOTH,
        'Look for objects handed to an executor, a worker or a callback from another thread, and check who may write them.',
      ),
    ],
  },
  {
    id: 'coroutines-and-tasks',
    title: 'Coroutines and tasks',
    items: [
      auto('coroutines-awaited', 'Every coroutine that is called is awaited or handed to a task'),
      auto('modern-task-api', 'Coroutines are written with async def and scheduled with create_task, not legacy helpers'),
      auto('tasks-referenced', 'Background tasks stay referenced until they finish, so they are not collected half-way'),
      auto('tasks-named', 'Long-lived tasks carry a name that logs and debuggers can show'),
      auto('async-functions-await', 'A function is async only when it awaits something'),
      auto('promises-handled', 'Every promise is awaited, returned, or given a rejection handler'),
      auto('promises-not-mistaken', 'Promises are never tested as booleans, and only thenables are awaited'),
      auto('promise-executors-sync', 'Promise executors are plain synchronous functions that return nothing'),
    ],
  },
  {
    id: 'patterns-and-resources',
    title: 'Async patterns and resources',
    items: [
      auto('resources-closed', 'Sessions, connections, streams and files are closed through an async context manager'),
      auto('fan-out-bounded', 'Fan-out over many inputs runs with a concurrency limit'),
      auto('queues-bounded', 'Queues have a maximum size, so a slow consumer pushes back on its producers'),
      auto('no-busy-waiting', 'Waiting is done on events, conditions or queues, never by polling in a loop'),
      auto('async-generators-closed', 'Async generators hold no open context across a yield, or are closed deterministically'),
      manual(
        'context-managers-release',
        'Custom async context managers release everything on exit, even when the body failed or was cancelled',
        PY,
        'Read each __aexit__ or @asynccontextmanager: the release must sit in a finally block and must not depend on the body succeeding.',
      ),
    ],
  },
  {
    id: 'startup-and-shutdown',
    title: 'Startup and shutdown',
    items: [
      auto('single-entry-point', 'The program enters the event loop once, through asyncio.run or its library’s run function'),
      auto('startup-signalled', 'Background services report when they are ready, and callers wait for it'),
      manual(
        'signals-handled',
        'SIGTERM and SIGINT start an orderly shutdown: stop taking work, cancel what runs, wait for it',
        BOTH,
        'Find where the process reacts to signals (add_signal_handler, process.once(\'SIGTERM\')) and follow what it stops and awaits.',
      ),
      manual(
        'pending-work-drained',
        'On the way out, cancelled tasks are awaited and pools, executors and generators are closed',
        BOTH,
        'Check that shutdown waits for the tasks it cancelled and closes connection pools and executors before the process exits.',
      ),
      manual(
        'shutdown-tested',
        'Shutdown was tried for real, with SIGTERM and with Ctrl+C, and left no warnings or hung tasks behind',
        BOTH,
        'Start the service, send it SIGTERM (kill -TERM <pid>) and then Ctrl+C in a terminal, and read the log for “Task was destroyed”, unclosed sessions or a hang.',
      ),
    ],
  },
  {
    id: 'blocking-prevention',
    title: 'Blocking prevention',
    items: [
      auto('no-blocking-sleep', 'Async code pauses with the async sleep of its library, never a blocking one'),
      auto('no-blocking-io', 'Files, paths and console input are not read or written synchronously in async code'),
      auto('no-blocking-network', 'HTTP and database calls in async code go through async clients and drivers'),
      auto('no-blocking-processes', 'Child processes are started and awaited through the async process API'),
      auto('declared-blocking-calls', 'Calls the team declared blocking are kept out of async code'),
      auto('no-thread-primitives', 'Async code waits on async locks, events and queues, not on thread ones'),
      auto('cpu-work-offloaded', 'CPU-heavy calls are moved off the event loop'),
      auto('executors-shared', 'Executors are created once, with a worker limit, and shared'),
      auto('checkpoints-guaranteed', 'Async functions and long loops reach a checkpoint on every path, so cancellation can land'),
      manual(
        'debug-mode-tested',
        'The code was run with the event loop’s debug mode on, and slow callbacks were looked at',
        PY,
        'Run with PYTHONASYNCIODEBUG=1 (or asyncio.run(main(), debug=True)) and read the “Executing … took … seconds” warnings.',
      ),
    ],
  },
  {
    id: 'library-usage',
    title: 'Library usage',
    items: [
      auto('one-async-library', 'Each module sticks to one async library: asyncio, AnyIO or trio'),
      auto('sessions-shared', 'One HTTP client session is reused across requests instead of opened per call'),
      manual(
        'pools-sized',
        'HTTP and database connection pools have limits that the servers behind them can take',
        BOTH,
        'Look up the pool options (TCPConnector limit, create_pool max_size, http.Agent maxSockets) and compare them with the server’s connection limit.',
      ),
      manual(
        'responses-consumed',
        'Response bodies are read or released before the response is closed',
        BOTH,
        'Every response is either read (json, text, read) inside its async with block, or explicitly released; streaming responses are closed on every path.',
      ),
      manual(
        'transactions-scoped',
        'Database transactions are opened with async with, so they commit or roll back on every path',
        BOTH,
        'Search for begin/commit/rollback calls written by hand and check the error and cancellation paths.',
      ),
    ],
  },
  {
    id: 'errors-and-resilience',
    title: 'Error handling and resilience',
    items: [
      auto('cancellation-propagates', 'Cancellation is never swallowed: whoever catches it re-raises it'),
      auto('cleanup-shielded', 'Cleanup that awaits after cancellation (finally, except, __aexit__) is shielded and time-bounded'),
      auto('exception-groups-handled', 'Exception groups are caught with except* and re-raised whole, never mutated'),
      auto('errors-checked', 'Errors collected from concurrent work are looked at, not dropped with the results'),
      auto('errors-caught-where-expected', 'Promises returned inside try are awaited, so its catch and finally apply to them'),
      auto('rejections-are-errors', 'Promises reject with Error objects, so the stack trace survives'),
      auto('timeouts-everywhere', 'Every network call and every wait that could hang has a timeout'),
      auto('timeouts-effective', 'Timeouts can fire and leave nothing behind: their scope awaits, and losing timers are cleared'),
      auto('deadlines-meaningful', 'Deadlines are relative to now and start when entered; waiting forever is spelled out'),
      manual(
        'retries-bounded',
        'Transient failures are retried a bounded number of times, with exponential backoff and jitter',
        BOTH,
        'Check each retry loop for a maximum number of attempts, a growing delay with randomness, and that cancellation is not retried.',
      ),
      manual(
        'task-failures-surface',
        'A failing background task is logged or reported, and one task’s failure does not take down unrelated work',
        BOTH,
        'Make a background task raise on purpose and check that the error reaches the log and that the rest of the service keeps going (or stops on purpose).',
      ),
    ],
  },
];
