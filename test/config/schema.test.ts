// The schema of awaitwise.json (generated from the catalog) and the starter configurations of
// `awaitwise init`: the starters load, change nothing, and the schema agrees with the loader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse as parseToml } from 'smol-toml';
import { effectiveOptions } from '../../server/src/config/effective';
import { parseConfigText } from '../../server/src/config/parse';
import { CONFIG_SCHEMA_URL, STARTER_JSON, STARTER_TOML } from '../../server/src/config/starter';
import { catalogMeta } from '../../server/src/rules';
import { configSchema } from '../../scripts/docs/config-schema';

const validate = new Ajv({ strict: true, allErrors: true }).compile(configSchema(catalogMeta));

/** Whether the loader accepts an awaitwise.json holding `value`. */
function loads(value: unknown): boolean {
  try {
    parseConfigText('/project/awaitwise.json', JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

const FULL_EXAMPLE = {
  $schema: CONFIG_SCHEMA_URL,
  select: ['all'],
  ignore: ['ASYNC251', 'no-floating-promises', 'async105'],
  rules: { 'await-in-loop': 'warning', 'dangling-task': 'off', RUF029: 'hint' },
  'per-file-ignores': { 'tests/**': ['blocking-sleep', 'ASYNC115'], '*_pb2.py': ['all'] },
  exclude: ['*_pb2.py', 'legacy/**'],
  'python-version': '3.9',
  'blocking-calls': ['billing_sdk.charge', 'légacy.Client.query'],
  'startable-functions': ['serve_admin'],
  'safe-calls': ['node:test.it', 'my-kit.scenario'],
  'max-file-size': 0,
};

test('the starter configurations load, and change nothing until edited', () => {
  const fromJson = parseConfigText('/project/awaitwise.json', STARTER_JSON);
  const fromToml = parseConfigText('/project/pyproject.toml', `[project]\nname = "app"\n\n${STARTER_TOML}`);
  assert.ok(fromJson && fromToml);
  const file = { path: '/project/app.py', python: true };
  const defaults = effectiveOptions(file, undefined, {});
  for (const options of [fromJson, fromToml]) {
    assert.deepEqual(effectiveOptions(file, { path: '/project/x', folder: '/project', options }, {}), defaults);
  }
  assert.equal(JSON.parse(STARTER_JSON).$schema, CONFIG_SCHEMA_URL);
});

test('every commented-out example of the TOML starter is valid once uncommented', () => {
  const uncommented = STARTER_TOML.split('\n').map((line) => (/^# [\w"-]+.* = /.test(line) ? line.slice(2) : line));
  const options = parseConfigText('/project/pyproject.toml', uncommented.join('\n'));
  assert.ok(options?.select && options.pythonVersion && options.blockingCalls && options.startableFunctions && options.safeCalls);
  assert.equal(options.maxFileSize, 2097152);
  assert.ok(options.rules && Object.keys(options.rules).length > 0 && options.perFileIgnores?.length);
});

test('the schema accepts the starters and a full example', () => {
  for (const [name, value] of [
    ['starter', JSON.parse(STARTER_JSON)],
    ['TOML starter table', (parseToml(STARTER_TOML) as { tool: { awaitwise: unknown } }).tool.awaitwise],
    ['full example', FULL_EXAMPLE],
  ] as const) {
    assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`);
    assert.ok(loads(value), name);
  }
});

test('the schema rejects what the loader rejects', () => {
  const wrong: Record<string, unknown>[] = [
    { selct: ['all'] },
    { $schema: 3 },
    { select: [] },
    { select: ['blocking-slep'] },
    { ignore: 'ASYNC251' },
    { ignore: ['ASYNC2511'] },
    { rules: { 'blocking-sleep': 'loud' } },
    { rules: { 'not-a-rule': 'off' } },
    { 'per-file-ignores': { 'tests/**': ['nope'] } },
    { 'per-file-ignores': { 'tests/**': 'blocking-sleep' } },
    { 'per-file-ignores': { ' ': ['blocking-sleep'] } },
    { exclude: [''] },
    { 'python-version': '2.7' },
    { 'python-version': 3.11 },
    { 'python-version': '3.11.2' },
    { 'blocking-calls': ['requests.*'] },
    { 'startable-functions': ['serve admin'] },
    { 'safe-calls': [' '] },
    { 'safe-calls': [1] },
    { 'max-file-size': -1 },
    { 'max-file-size': 1.5 },
    { 'max-file-size': '2MB' },
  ];
  for (const value of wrong) {
    assert.ok(!validate(value), `schema accepted ${JSON.stringify(value)}`);
    assert.ok(!loads(value), `loader accepted ${JSON.stringify(value)}`);
  }
});

test('rule names in the schema: every id and peer code, peer codes in any case', () => {
  for (const rule of catalogMeta) {
    for (const name of [rule.id, ...rule.aliases, ...rule.aliases.map((alias) => alias.toLowerCase())]) {
      assert.ok(validate({ ignore: [name] }), name);
      assert.ok(loads({ ignore: [name] }), name);
    }
  }
  assert.ok(!validate({ ignore: ['Blocking-Sleep'] }) && !loads({ ignore: ['Blocking-Sleep'] }), 'rule ids are exact');
});
