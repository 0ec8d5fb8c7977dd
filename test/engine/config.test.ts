import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveRules } from '../../server/src/engine/config';
import { catalogMeta } from '../../server/src/rules';

const defaults = catalogMeta.filter((rule) => rule.enabledByDefault).map((rule) => rule.id).sort();

test('defaults enable the rules that are on by default, at their severity', () => {
  const { rules, unknown } = resolveRules({}, catalogMeta);
  assert.deepEqual([...rules.keys()].sort(), defaults);
  assert.deepEqual(unknown, []);
  assert.equal(rules.get('blocking-sleep'), 'error');
});

test('select replaces the set; aliases and all are understood', () => {
  assert.deepEqual([...resolveRules({ select: ['ASYNC251'] }, catalogMeta).rules.keys()], ['blocking-sleep']);
  assert.deepEqual([...resolveRules({ select: ['async251'] }, catalogMeta).rules.keys()], ['blocking-sleep']);
  assert.equal(resolveRules({ select: ['all'] }, catalogMeta).rules.size, catalogMeta.length);
});

test('ignore and off remove; a severity override enables and re-grades', () => {
  const ignored = resolveRules({ ignore: ['no-floating-promises'] }, catalogMeta).rules;
  assert.ok(!ignored.has('floating-promise'));
  const graded = resolveRules({ severities: [{ 'blocking-sleep': 'hint', 'dangling-task': 'off' }] }, catalogMeta).rules;
  assert.equal(graded.get('blocking-sleep'), 'hint');
  assert.ok(!graded.has('dangling-task'));
});

test('a later severity layer wins, alias or id; ignore wins over every layer', () => {
  const layered = resolveRules({ severities: [{ 'blocking-sleep': 'hint', ASYNC105: 'off' }, { ASYNC251: 'warning', 'unawaited-coroutine': 'error' }] }, catalogMeta).rules;
  assert.equal(layered.get('blocking-sleep'), 'warning');
  assert.equal(layered.get('unawaited-coroutine'), 'error');
  const ignored = resolveRules({ severities: [{ 'async-without-await': 'warning' }], ignore: ['RUF029'] }, catalogMeta).rules;
  assert.ok(!ignored.has('async-without-await'));
});

test('unknown names are reported, not silently dropped', () => {
  assert.deepEqual(resolveRules({ select: ['no-such-rule'], ignore: ['ASYNC999'] }, catalogMeta).unknown, ['no-such-rule', 'ASYNC999']);
});
