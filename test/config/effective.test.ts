// How a configuration file and what the user says on top of it (flags, editor settings)
// combine into the options a file is analysed with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveOptions, type OptionOverrides } from '../../server/src/config/effective';
import type { ConfigFile, ConfigOptions } from '../../server/src/config/options';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/skip';
import { DEFAULT_SAFE_CALLS } from '../../server/src/engine/typescript/safe-calls';
import { catalogMeta } from '../../server/src/rules';

const FOLDER = '/nowhere/project';

function config(options: ConfigOptions): ConfigFile {
  return { path: `${FOLDER}/awaitwise.json`, folder: FOLDER, options };
}

function rulesOf(options: ConfigOptions | undefined, overrides: OptionOverrides = {}, path = `${FOLDER}/src/app.py`): Map<string, string> {
  return effectiveOptions({ path, python: true }, options && config(options), overrides).rules;
}

const defaults = catalogMeta.filter((rule) => rule.enabledByDefault).map((rule) => rule.id);

test('without a configuration or overrides, the defaults apply', () => {
  const effective = effectiveOptions({ path: undefined, python: false }, undefined, {});
  assert.deepEqual([...effective.rules.keys()], defaults);
  assert.deepEqual(effective, {
    rules: effective.rules,
    unknownRules: [],
    pythonVersion: undefined,
    blockingCalls: [],
    startableFunctions: [],
    safeCalls: DEFAULT_SAFE_CALLS,
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
  });
});

test('the file: select, then rules, then ignore, which always wins', () => {
  assert.deepEqual([...rulesOf({ select: ['ASYNC251', 'dangling-task'] }).keys()], ['blocking-sleep', 'dangling-task']);
  const graded = rulesOf({ rules: { 'await-in-loop': 'error', 'async-without-await': 'hint', ASYNC251: 'off' } });
  assert.equal(graded.get('await-in-loop'), 'error');
  assert.equal(graded.get('async-without-await'), 'hint', 'a severity turns on a rule that is off by default');
  assert.ok(!graded.has('blocking-sleep'));
  assert.ok(!rulesOf({ ignore: ['async-without-await'], rules: { 'async-without-await': 'hint' } }).has('async-without-await'));
});

test('per-file-ignores apply to the files their glob matches, relative to the configuration folder', () => {
  const options: ConfigOptions = { perFileIgnores: [{ glob: 'tests/**', rules: ['ASYNC251'] }, { glob: '*_pb2.py', rules: ['all'] }] };
  assert.ok(!rulesOf(options, {}, `${FOLDER}/tests/unit/test_a.py`).has('blocking-sleep'));
  assert.ok(rulesOf(options, {}, `${FOLDER}/tests/unit/test_a.py`).has('dangling-task'));
  assert.ok(rulesOf(options, {}, `${FOLDER}/src/tests/a.py`).has('blocking-sleep'), 'a glob with / starts at the configuration folder');
  assert.equal(rulesOf(options, {}, `${FOLDER}/deep/api_pb2.py`).size, 0, 'a glob without / matches a name at any depth');
  assert.equal(rulesOf(options, {}, `${FOLDER}/src/app.py`).size, defaults.length);
});

test('command-line flags: --select replaces the file\'s and bounds its rules; --ignore adds', () => {
  const options: ConfigOptions = { select: ['dangling-task'], rules: { 'async-without-await': 'hint', 'blocking-sleep': 'warning' }, ignore: ['ASYNC105'] };
  assert.deepEqual([...rulesOf(options).keys()].sort(), ['async-without-await', 'blocking-sleep', 'dangling-task']);
  const selected = rulesOf(options, { select: ['blocking-sleep', 'unawaited-coroutine'] });
  assert.deepEqual([...selected.entries()], [['blocking-sleep', 'warning']], "the file's severity applies to a selected rule; its ignore still does");
  assert.ok(!rulesOf(options, { ignore: ['dangling-task'] }).has('dangling-task'));
});

test("editor settings: awaitwise.rules wins rule by rule over the file's rules, whatever name either uses", () => {
  const options: ConfigOptions = { rules: { ASYNC251: 'hint', 'dangling-task': 'off', 'await-in-loop': 'error' } };
  const rules = rulesOf(options, { severities: { 'blocking-sleep': 'warning', 'dangling-task': 'information' } });
  assert.equal(rules.get('blocking-sleep'), 'warning');
  assert.equal(rules.get('dangling-task'), 'information');
  assert.equal(rules.get('await-in-loop'), 'error');
  assert.deepEqual(effectiveOptions({ path: undefined, python: true }, undefined, { severities: { nonsense: 'off' } }).unknownRules, ['nonsense']);
});

test('the other options: an override replaces the file\'s value, which replaces the default', () => {
  const options: ConfigOptions = { pythonVersion: { major: 3, minor: 9 }, blockingCalls: ['a.b'], startableFunctions: ['serve'], safeCalls: ['kit.it'] };
  const fromFile = effectiveOptions({ path: `${FOLDER}/a.py`, python: true }, config(options), {});
  assert.deepEqual([fromFile.pythonVersion, fromFile.blockingCalls, fromFile.startableFunctions, fromFile.safeCalls], [{ major: 3, minor: 9 }, ['a.b'], ['serve'], ['kit.it']]);
  const overridden = effectiveOptions({ path: `${FOLDER}/a.py`, python: true }, config(options), {
    pythonVersion: { major: 3, minor: 12 },
    blockingCalls: ['c.d'],
    startableFunctions: ['run'],
    safeCalls: ['other.it'],
  });
  assert.deepEqual([overridden.pythonVersion, overridden.blockingCalls, overridden.startableFunctions, overridden.safeCalls], [{ major: 3, minor: 12 }, ['c.d'], ['run'], ['other.it']]);
  assert.equal(effectiveOptions({ path: `${FOLDER}/a.ts`, python: false }, config(options), {}).pythonVersion, undefined, 'TS/JS files need no Python version');
});

test('max-file-size: the override (0 included) wins over the file, which wins over the default', () => {
  const file = { path: `${FOLDER}/bundle.js`, python: false };
  assert.equal(effectiveOptions(file, config({ maxFileSize: 500_000 }), {}).maxFileSize, 500_000);
  assert.equal(effectiveOptions(file, config({ maxFileSize: 500_000 }), { maxFileSize: 0 }).maxFileSize, 0);
  assert.equal(effectiveOptions(file, config({}), {}).maxFileSize, DEFAULT_MAX_FILE_SIZE);
});
