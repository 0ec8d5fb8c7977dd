// Fix application: all-or-nothing per fix, deterministic on overlaps, shared edits once; then
// the same properties over random fixes (fast-check).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyFixList, mergeFixEdits } from '../../server/src/engine/fixes';
import type { Fix } from '../../server/src/engine/types';
import { applyTextEdits, offsetAt, positionAt } from '../helpers/text-edits';

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, newText: string) => ({ range: { start: at(line, character), end: at(line, character) }, newText });
const fix = (...edits: Fix['edits']): Fix => ({ title: 't', safe: true, edits });

test('identical edits from several fixes apply once (a shared import)', () => {
  const text = 'a\nb\nc\n';
  const importEdit = insert(0, 0, 'import x\n');
  const outcome = applyFixList(text, [fix(importEdit, insert(1, 0, '>')), fix(importEdit, insert(2, 0, '>'))]);
  assert.equal(outcome.text, 'import x\na\n>b\n>c\n');
  assert.equal(outcome.applied, 2);
});

test('an overlapping fix is skipped whole, never interleaved', () => {
  const text = 'abcdef';
  const first = fix({ range: { start: at(0, 1), end: at(0, 4) }, newText: 'X' });
  const second = fix({ range: { start: at(0, 3), end: at(0, 5) }, newText: 'Y' }, insert(0, 0, '!'));
  const outcome = applyFixList(text, [first, second]);
  assert.equal(outcome.text, 'aXef');
  assert.deepEqual([outcome.applied, outcome.skipped], [1, 1]);
  assert.deepEqual(mergeFixEdits(text, [first, second]), first.edits);
});

test('two different insertions at one point conflict', () => {
  const outcome = applyFixList('ab', [fix(insert(0, 1, 'X')), fix(insert(0, 1, 'Y'))]);
  assert.equal(outcome.text, 'aXb');
  assert.equal(outcome.skipped, 1);
});

test('a fix whose own edits overlap is skipped; one that repeats an edit applies it once', () => {
  const text = 'abcdef';
  const garbled = fix({ range: { start: at(0, 1), end: at(0, 4) }, newText: 'X' }, { range: { start: at(0, 3), end: at(0, 5) }, newText: 'Y' });
  const repeated = fix({ range: { start: at(0, 0), end: at(0, 2) }, newText: '' }, { range: { start: at(0, 0), end: at(0, 2) }, newText: '' });
  assert.deepEqual(applyFixList(text, [garbled]), { text, applied: 0, skipped: 1 });
  assert.deepEqual(mergeFixEdits(text, [garbled]), []);
  assert.deepEqual(applyFixList(text, [repeated]), { text: 'cdef', applied: 1, skipped: 0 });
});

// --- properties over random fixes ---------------------------------------------------------

/** Short texts with every kind of line break, so random ranges often meet. */
const texts = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r\n'), maxLength: 8 });

/**
 * Fixes of one to three edits whose ends are drawn from the few offsets of a short text:
 * identical, touching and nested ranges, insertions at one point and fixes whose own edits
 * overlap all come up often.
 */
function fixesFor(text: string): fc.Arbitrary<Fix[]> {
  const offset = fc.nat({ max: text.length });
  const edit = fc.tuple(offset, offset, fc.constantFrom('', 'X', 'YZ', '\n')).map(([a, b, newText]) => ({
    range: { start: positionAt(text, Math.min(a, b)), end: positionAt(text, Math.max(a, b)) },
    newText,
  }));
  return fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => fix(...edits)), { maxLength: 5 });
}

const scenarios = texts.chain((text) => fc.record({ text: fc.constant(text), fixes: fixesFor(text) }));

interface Located {
  start: number;
  end: number;
  newText: string;
}

const locate = (text: string) => (edit: Fix['edits'][number]): Located => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText });
const sameLocated = (a: Located, b: Located) => a.start === b.start && a.end === b.end && a.newText === b.newText;
/** Overlapping ranges, or two insertions at one point (their order would be arbitrary). */
const conflict = (a: Located, b: Located) => (a.start === a.end && b.start === b.end ? a.start === b.start : a.start < b.end && b.start < a.end);

/** The fixes whose every edit is among those accepted: by design, the ones counted applied. */
function wholeFixes(text: string, fixes: readonly Fix[]): Fix[] {
  const accepted = mergeFixEdits(text, fixes).map(locate(text));
  return fixes.filter((candidate) => candidate.edits.map(locate(text)).every((edit) => accepted.some((other) => sameLocated(edit, other))));
}

test('applyFixList: accepted edits never overlap, make the output, and take each fix whole or not at all', () => {
  fc.assert(
    fc.property(scenarios, ({ text, fixes }) => {
      const outcome = applyFixList(text, fixes);
      assert.deepEqual(applyFixList(text, structuredClone(fixes)), outcome, 'same input, same output');
      const accepted = mergeFixEdits(text, fixes).map(locate(text));
      accepted.forEach((edit, index) => {
        assert.ok(!accepted.slice(0, index).some((other) => conflict(edit, other)), 'accepted edits overlap');
      });
      assert.equal(applyTextEdits(text, mergeFixEdits(text, fixes)), outcome.text, 'the output is the accepted edits applied');
      const applied = wholeFixes(text, fixes);
      assert.deepEqual([outcome.applied, outcome.skipped], [applied.length, fixes.length - applied.length]);
      for (const edit of accepted) {
        assert.ok(applied.some((whole) => whole.edits.map(locate(text)).some((own) => sameLocated(own, edit))), 'an edit of a skipped fix was applied');
      }
      // Skipping is never arbitrary: a skipped fix clashes with what was accepted, or with itself.
      for (const skipped of fixes.filter((candidate) => !applied.includes(candidate))) {
        const own = skipped.edits.map(locate(text));
        const clashes = own.some((edit, index) => [...accepted, ...own.slice(0, index)].some((other) => !sameLocated(edit, other) && conflict(edit, other)));
        assert.ok(clashes, 'a fix was skipped without a conflict');
      }
    }),
    { numRuns: 3000 },
  );
});

test('applyFixList: fixes that do not conflict give the same text in any order', () => {
  // The fixes one call applies are compatible with each other by construction.
  const compatible = scenarios.map(({ text, fixes }) => ({ text, fixes: wholeFixes(text, fixes) }));
  const reorderings = compatible.chain(({ text, fixes }) => fc.record({ text: fc.constant(text), fixes: fc.constant(fixes), shuffled: fc.shuffledSubarray(fixes, { minLength: fixes.length }) }));
  fc.assert(
    fc.property(reorderings, ({ text, fixes, shuffled }) => {
      const reordered = applyFixList(text, shuffled);
      assert.equal(reordered.text, applyFixList(text, fixes).text);
      assert.equal(reordered.skipped, 0);
    }),
    { numRuns: 2000 },
  );
});
