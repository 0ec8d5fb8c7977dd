// The words the checklist view shows: descriptions, scope line, labels. Free of `vscode` so
// tests can check them.
import type {
  ChecklistItemView,
  ChecklistResponse,
  ChecklistSectionResult,
} from '../../../server/src/checklist/protocol';
import { plural } from '../../../server/src/docs/plural';
import type { Range } from '../../../server/src/engine/types';

/** Passed items and ticked manual ones count as done. */
export function isDone(item: ChecklistItemView, ticked: ReadonlySet<string>): boolean {
  return item.status === 'pass' || (item.status === 'manual' && ticked.has(item.id));
}

/** "3 of 5 passed". */
export function sectionDescription(section: ChecklistSectionResult<ChecklistItemView>, ticked: ReadonlySet<string>): string {
  const done = section.items.filter((item) => isDone(item, ticked)).length;
  return `${done} of ${section.items.length} passed`;
}

export function itemDescription(item: ChecklistItemView): string | undefined {
  switch (item.status) {
    case 'pass':
      return undefined;
    case 'fail':
      return plural(item.findings, 'finding');
    case 'manual':
      // An automatic item whose rules are all turned off falls to the reader.
      return item.rules.length > 0 ? 'its rules are off: check by hand' : 'check by hand';
  }
}

/** The last child of a failed item whose locations were cut short. */
export function moreFindingsLabel(item: ChecklistItemView): string | undefined {
  const hidden = item.findings - item.locations.length;
  return hidden > 0 ? `and ${hidden} more — see the Problems panel` : undefined;
}

/** `src/app.py:12` (1-based line). */
export function locationDescription(relativePath: string, range: Range): string {
  return `${relativePath}:${range.start.line + 1}`;
}

/** The view's description: what the checklist covers. */
export function scopeDescription(response: ChecklistResponse, fileName: string | undefined): string {
  const covered = response.scope === 'file' ? `Current file: ${fileName ?? 'none'}` : `Workspace: ${plural(response.files, 'file')}`;
  return response.partial ? `${covered} (incomplete)` : covered;
}

/** Shown above the tree when the counts are a floor. */
export function partialMessage(response: ChecklistResponse): string | undefined {
  if (!response.partial) return undefined;
  return 'Some files were not analysed (the scan stopped early, or an analysis was cut short), so the counts are incomplete: the real numbers can only be higher.';
}

/** The heading of the Markdown copy. */
export function markdownHeading(response: ChecklistResponse, fileName: string | undefined): string {
  if (response.scope === 'file') return `Async review checklist: ${fileName ?? 'current file'}`;
  return `Async review checklist: workspace (${plural(response.files, 'file')}${response.partial ? ', incomplete' : ''})`;
}
