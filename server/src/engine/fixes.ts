// Applies fixes to a text. Each fix is all-or-nothing; a fix whose edits overlap an
// already accepted one is skipped (the next run picks it up), as is one whose own edits overlap,
// identical edits from several fixes (the same `import asyncio`) are applied once, and order
// never depends on chance.
import { LineIndex, comparePositions } from './text';
import type { Finding, Fix, TextEdit } from './types';

interface OffsetEdit {
  start: number;
  end: number;
  edit: TextEdit;
}

interface Selection {
  accepted: OffsetEdit[];
  applied: number;
  skipped: number;
}

export interface FixOutcome {
  text: string;
  applied: number;
  skipped: number;
}

function sameEdit(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.edit.newText === b.edit.newText;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at one point conflict too: their order would be arbitrary.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function selectEdits(lines: LineIndex, fixes: readonly Fix[]): Selection {
  const accepted: OffsetEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const fix of fixes) {
    const edits = fix.edits.map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), edit }));
    // A fix is also checked against itself: a repeated edit counts once, and edits of one fix
    // that overlap would garble the text (each range refers to the original), so it is skipped.
    const fresh = edits.filter((edit, index) => ![...accepted, ...edits.slice(0, index)].some((other) => sameEdit(edit, other)));
    if (fresh.some((edit, index) => [...accepted, ...fresh.slice(0, index)].some((other) => overlaps(edit, other)))) {
      skipped++;
      continue;
    }
    accepted.push(...fresh);
    applied++;
  }
  return { accepted, applied, skipped };
}

export function applyFixList(text: string, fixes: readonly Fix[]): FixOutcome {
  const { accepted, applied, skipped } = selectEdits(new LineIndex(text), fixes);
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const { start, end, edit } of accepted) result = result.slice(0, start) + edit.newText + result.slice(end);
  return { text: result, applied, skipped };
}

/** The edits `applyFixList` would make, for editors that apply edits themselves. */
export function mergeFixEdits(text: string, fixes: readonly Fix[]): TextEdit[] {
  return selectEdits(new LineIndex(text), fixes).accepted.map(({ edit }) => edit);
}

/** The fix that fix-all and `--fix` apply for a finding: its first safe one. */
export function safeFixOf(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.safe);
}

/** Safe fixes of the given findings, in document order so results are deterministic. */
export function safeFixes(findings: readonly Finding[]): Fix[] {
  return [...findings]
    .sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId))
    .map(safeFixOf)
    .filter((fix): fix is Fix => fix !== undefined);
}
