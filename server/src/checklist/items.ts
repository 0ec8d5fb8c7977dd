// The async code review checklist: sections and items. Automatic items are decided by the
// rules that name them in their `checklist` field; manual items wait for the user's tick.
import type { RuleLanguage } from '../engine/types';

export interface ChecklistItem {
  id: string;
  title: string;
  languages: RuleLanguage[];
  /** Manual items cannot be decided by analysis. */
  manual: boolean;
}

export interface ChecklistSection {
  id: string;
  title: string;
  items: ChecklistItem[];
}

const BOTH: RuleLanguage[] = ['python', 'typescript', 'javascript'];
const PY: RuleLanguage[] = ['python'];
const SCRIPT: RuleLanguage[] = ['typescript', 'javascript'];

const auto = (id: string, title: string, languages: RuleLanguage[]): ChecklistItem => ({ id, title, languages, manual: false });
const manual = (id: string, title: string, languages: RuleLanguage[]): ChecklistItem => ({ id, title, languages, manual: true });

export const checklist: ChecklistSection[] = [
  {
    id: 'concurrency-model',
    title: 'Concurrency model',
    items: [
      auto('independent-awaits-concurrent', 'Independent awaits run concurrently instead of one after another', BOTH),
      auto('tasks-structured', 'Concurrent work is owned by a task group or nursery, not left unstructured', PY),
      auto('scopes-well-nested', 'Task groups and cancel scopes are never crossed by yield, return or break, nor used after they close', PY),
    ],
  },
  {
    id: 'coroutines-and-tasks',
    title: 'Coroutines and tasks',
    items: [
      auto('coroutines-awaited', 'Every coroutine that is called is also awaited', PY),
      auto('tasks-referenced', 'Background tasks are kept referenced until they finish', PY),
      auto('async-functions-await', 'Functions are async only when they await something', BOTH),
      auto('promises-handled', 'Every promise is awaited, returned or given a rejection handler', SCRIPT),
      auto('promise-executors-sync', 'Promise executors are plain functions, never async', SCRIPT),
    ],
  },
  {
    id: 'patterns-and-resources',
    title: 'Async patterns and resources',
    items: [
      auto('resources-closed', 'Sessions, connections and files are closed by an async context manager', BOTH),
      auto('concurrency-bounded', 'Fan-out and queues have a bound', BOTH),
      auto('no-busy-waiting', 'Waiting uses events and conditions, not polling loops', BOTH),
      auto('async-generators-closed', 'Async generators hold no open context across a yield, or are closed deterministically', PY),
    ],
  },
  {
    id: 'startup-and-shutdown',
    title: 'Startup and shutdown',
    items: [
      auto('modern-loop-api', 'The event loop is started once with the modern entry point', PY),
      auto('startup-signalled', 'Background services report when they are ready, and are started so that callers wait for it', PY),
      manual('shutdown-tested', 'Shutdown on SIGTERM and SIGINT was tested: tasks are cancelled and resources released', BOTH),
    ],
  },
  {
    id: 'blocking-prevention',
    title: 'Blocking prevention',
    items: [
      auto('no-blocking-calls', 'Nothing in async code blocks the event loop (sleep, file, network, processes)', BOTH),
      auto('no-thread-primitives', 'Async code uses async locks, events and queues, not thread ones', PY),
      auto('executors-used-well', 'CPU-heavy and blocking work goes to a shared, bounded executor', BOTH),
      auto('checkpoints-guaranteed', 'Async functions and long loops reach a checkpoint on every path, so cancellation can land', PY),
      manual('debug-mode-tested', 'Tested with the event loop in debug mode to surface slow callbacks', PY),
    ],
  },
  {
    id: 'library-usage',
    title: 'Library usage',
    items: [auto('one-async-library', 'Each module sticks to one async library (asyncio, AnyIO or trio)', PY)],
  },
  {
    id: 'errors-and-resilience',
    title: 'Error handling and resilience',
    items: [
      auto('cancellation-propagates', 'Cancellation is never swallowed', PY),
      auto('cleanup-shielded', 'Cleanup that awaits after cancellation (finally, except, __aexit__) is shielded and time-bounded', PY),
      auto('exception-groups-handled', 'Exception groups are caught with except* and re-raised whole, never mutated', PY),
      auto('errors-checked', 'Errors gathered from concurrent work are checked', BOTH),
      auto('timeouts-everywhere', 'Every network call has a timeout', BOTH),
      auto('deadlines-meaningful', 'Deadlines are relative to now and start when entered; waiting forever is spelled sleep_forever', PY),
    ],
  },
];

export const checklistItemIds: ReadonlySet<string> = new Set(checklist.flatMap((section) => section.items.map((item) => item.id)));
