// Fixing one text: applies safe fixes pass after pass until none is left.
import { applyFixList, safeFixes } from '../engine/fixes';
import type { Finding } from '../engine/types';
import type { FixedText } from './jobs';

export interface FixPasses extends FixedText {
  /** Some fixes were left out because they would have added syntax errors. */
  withheld: boolean;
}

/**
 * Fixes that overlap an accepted one are skipped in a pass and found again in the next; the
 * cap stops two fixes that would keep rewriting each other's text.
 */
const MAX_FIX_PASSES = 5;

/**
 * `findings` are those of `text`; `analyse` re-checks the text after each pass.
 *
 * `syntaxErrors` counts a text's syntax errors. A pass that would add some is a bug in a fix:
 * it is dropped, with the passes after it, and `withheld` says so. Counting rather than
 * requiring none lets a file that already has errors be fixed elsewhere. Without it every pass
 * is kept, for tests that look for the very bugs it guards against.
 */
export function applySafeFixesRepeatedly(text: string, findings: Finding[], analyse: (text: string) => Finding[], syntaxErrors?: (text: string) => number): FixPasses {
  let current = { text, applied: 0, findings };
  // Counted only once there is something to fix: most files have nothing.
  let errors: number | undefined;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = safeFixes(current.findings);
    if (fixes.length === 0) break;
    const outcome = applyFixList(current.text, fixes);
    if (outcome.applied === 0 || outcome.text === current.text) break;
    if (syntaxErrors) {
      errors ??= syntaxErrors(current.text);
      const errorsAfter = syntaxErrors(outcome.text);
      if (errorsAfter > errors) return { ...current, withheld: true };
      errors = errorsAfter;
    }
    current = { text: outcome.text, applied: current.applied + outcome.applied, findings: analyse(outcome.text) };
  }
  return { ...current, withheld: false };
}
