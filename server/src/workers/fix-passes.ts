// Fixing one text: applies safe fixes pass after pass until none is left.
import { applyFixList, safeFixes } from '../engine/fixes';
import type { Finding } from '../engine/types';
import type { FixedText } from './jobs';

/**
 * Fixes that overlap an accepted one are skipped in a pass and found again in the next; the
 * cap stops two fixes that would keep rewriting each other's text.
 */
const MAX_FIX_PASSES = 5;

/** `findings` are those of `text`; `analyse` re-checks the text after each pass. */
export function applySafeFixesRepeatedly(text: string, findings: Finding[], analyse: (text: string) => Finding[]): FixedText {
  let current = { text, applied: 0, findings };
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = safeFixes(current.findings);
    if (fixes.length === 0) break;
    const outcome = applyFixList(current.text, fixes);
    if (outcome.applied === 0 || outcome.text === current.text) break;
    current = { text: outcome.text, applied: current.applied + outcome.applied, findings: analyse(outcome.text) };
  }
  return current;
}
