// The --fix passes' guard against fixes that break the syntax, with hand-made fixes: one that
// renames a call (harmless) and one that deletes a closing parenthesis (a bug).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countSyntaxErrors } from '../../server/src/engine/syntax-errors';
import type { Finding } from '../../server/src/engine/types';
import { applySafeFixesRepeatedly } from '../../server/src/workers/fix-passes';

/** A finding whose safe fix replaces `line`'s columns [from, to) with `newText`. */
function fixable(line: number, from: number, to: number, newText: string): Finding {
  const range = { start: { line, character: from }, end: { line, character: to } };
  return { ruleId: 'test-rule', severity: 'warning', message: 'm', range, fixes: [{ title: 't', safe: true, edits: [{ range, newText }] }], related: [] };
}

const syntaxErrors = (text: string) => countSyntaxErrors(text, 'typescript', 'file.ts');

/** `analyse` that answers each pass in turn, then finds nothing. */
function passes(...found: Finding[][]): (text: string) => Finding[] {
  let pass = 0;
  return () => found[pass++] ?? [];
}

describe('applySafeFixesRepeatedly', () => {
  test('keeps passes that add no syntax error', () => {
    const fixed = applySafeFixesRepeatedly('f(1);\ng(2);\n', [fixable(0, 0, 1, 'h')], passes([fixable(1, 0, 1, 'k')]), syntaxErrors);
    assert.deepEqual(fixed, { text: 'h(1);\nk(2);\n', applied: 2, findings: [], withheld: false });
  });

  test('drops a pass that would add a syntax error, keeping the passes before it', () => {
    const breaking = fixable(1, 3, 4, '');
    const fixed = applySafeFixesRepeatedly('f(1);\ng(2);\n', [fixable(0, 0, 1, 'h')], passes([breaking]), syntaxErrors);
    assert.deepEqual(fixed, { text: 'h(1);\ng(2);\n', applied: 1, findings: [breaking], withheld: true });
  });

  test('fixes a text that already has syntax errors, as long as they do not grow', () => {
    const broken = 'const x = ;\nf(1);\n';
    assert.equal(syntaxErrors(broken), 1);
    assert.equal(applySafeFixesRepeatedly(broken, [fixable(1, 0, 1, 'h')], passes(), syntaxErrors).text, 'const x = ;\nh(1);\n');
    const refused = applySafeFixesRepeatedly(broken, [fixable(1, 3, 4, '')], passes(), syntaxErrors);
    assert.deepEqual([refused.text, refused.applied, refused.withheld], [broken, 0, true]);
  });

  test('keeps every pass without a counter', () => {
    assert.equal(applySafeFixesRepeatedly('f(1);\n', [fixable(0, 3, 4, '')], passes()).text, 'f(1;\n');
  });
});
