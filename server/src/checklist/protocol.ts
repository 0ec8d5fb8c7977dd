// The checklist as the server, the CLI and the extension exchange it. Pure data: no editor or
// protocol imports, so the client bundles it and the CLI prints it.
import type { Range, RuleLanguage, Severity } from '../engine/types';

/** `manual`: no analysis decides it (or every rule that would is turned off); the user ticks it. */
export type ChecklistStatus = 'pass' | 'fail' | 'manual';

export interface ChecklistItemResult {
  id: string;
  title: string;
  languages: RuleLanguage[];
  /** The rules that decide the item, catalog order; empty for manual items. */
  rules: string[];
  status: ChecklistStatus;
  /** Findings of those rules in scope. */
  findings: number;
}

export interface ChecklistSectionResult<Item extends ChecklistItemResult = ChecklistItemResult> {
  id: string;
  title: string;
  items: Item[];
}

/** The CLI's `--format json` output is exactly this. */
export interface ChecklistReport<Item extends ChecklistItemResult = ChecklistItemResult> {
  sections: ChecklistSectionResult<Item>[];
}

// --- The language server's custom request ------------------------------------------------

export const CHECKLIST_REQUEST = 'awaitwise/checklist';
/** Sent by the server when findings may have changed; the client re-requests, debounced. */
export const CHECKLIST_CHANGED_NOTIFICATION = 'awaitwise/checklistChanged';

export const CHECKLIST_SCOPES = ['file', 'workspace'] as const;
export type ChecklistScope = (typeof CHECKLIST_SCOPES)[number];

export interface ChecklistParams {
  scope: ChecklistScope;
  /** The file of `file` scope (the active editor's document). */
  uri?: string;
}

/** One finding behind a failed item, for the tree to list and open. */
export interface ChecklistLocation {
  uri: string;
  range: Range;
  ruleId: string;
  message: string;
  severity: Severity;
}

export interface ChecklistItemView extends ChecklistItemResult {
  /** How a person checks a manual item; absent for automatic ones. */
  hint?: string;
  /** The findings behind `findings`, at most `CHECKLIST_LOCATION_LIMIT` of them. */
  locations: ChecklistLocation[];
}

export const CHECKLIST_LOCATION_LIMIT = 200;

export interface ChecklistResponse extends ChecklistReport<ChecklistItemView> {
  scope: ChecklistScope;
  /** Files whose findings the answer counts. */
  files: number;
  /** True when some files were not analysed (the scan was cancelled or hit its limit, or an analysis was cut short): counts are a floor. */
  partial: boolean;
}
