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

export const checklist: ChecklistSection[] = [
  {
    id: 'coroutines-and-tasks',
    title: 'Coroutines and tasks',
    items: [
      { id: 'coroutines-awaited', title: 'Every coroutine that is called is also awaited', languages: PY, manual: false },
      { id: 'tasks-referenced', title: 'Background tasks are kept referenced until they finish', languages: PY, manual: false },
      { id: 'promises-handled', title: 'Every promise is awaited, returned or given a rejection handler', languages: SCRIPT, manual: false },
      { id: 'promise-executors-sync', title: 'Promise executors are plain functions, never async', languages: SCRIPT, manual: false },
    ],
  },
  {
    id: 'blocking-prevention',
    title: 'Blocking prevention',
    items: [
      { id: 'no-blocking-calls', title: 'Nothing in async code blocks the event loop (sleep, file, network, processes)', languages: BOTH, manual: false },
      { id: 'debug-mode-tested', title: 'Tested with the event loop in debug mode to surface slow callbacks', languages: PY, manual: true },
    ],
  },
];

export const checklistItemIds: ReadonlySet<string> = new Set(checklist.flatMap((section) => section.items.map((item) => item.id)));
