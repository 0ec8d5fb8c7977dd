// Fix application: all-or-nothing per fix, deterministic on overlaps, shared edits once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixList, mergeFixEdits } from '../../server/src/engine/fixes';
import type { Fix } from '../../server/src/engine/types';

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
