// Names users write down (in keybindings and `editor.codeActionsOnSave`) and names the manifest
// refers to, kept free of `vscode` so the manifest tests can check them against package.json
// and the server.
export const COMMAND_IDS = [
  'awaitwise.restartServer',
  'awaitwise.showOutput',
  'awaitwise.fixAll',
  'awaitwise.checklist.open',
  'awaitwise.checklist.refresh',
  'awaitwise.checklist.scopeFile',
  'awaitwise.checklist.scopeWorkspace',
  'awaitwise.checklist.copyMarkdown',
  'awaitwise.checklist.exportMarkdown',
  'awaitwise.checklist.resetManual',
  'awaitwise.checklist.openLocation',
  'awaitwise.walkthrough.openSample',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The kind of the server's fix-all code action. */
export const FIX_ALL_KIND = 'source.fixAll.awaitwise';

/** The `source` of the server's diagnostics, by which the status bar counts them. */
export const DIAGNOSTIC_SOURCE = 'awaitwise';

export const CHECKLIST_VIEW_ID = 'awaitwise.checklist';

/** Context keys the manifest's `when` clauses read. */
export const CONTEXT_KEYS = {
  /** `file` or `workspace`. */
  checklistScope: 'awaitwise.checklist.scope',
  /** What the checklist view shows; see `ChecklistViewState`. */
  checklistState: 'awaitwise.checklist.state',
} as const;

/**
 * `ready`: a checklist is shown; the others leave the tree empty for a welcome message:
 * `starting` and `stopped` follow the server, `loading` is the first answer on its way,
 * `noFile` is file scope with no Python, TypeScript or JavaScript file open, `empty` an
 * answer with no items (no such files in scope), `error` a failed request.
 */
export const CHECKLIST_VIEW_STATES = ['starting', 'stopped', 'loading', 'noFile', 'empty', 'error', 'ready'] as const;
export type ChecklistViewState = (typeof CHECKLIST_VIEW_STATES)[number];
