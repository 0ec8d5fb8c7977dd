// The settings parser: every value the client may send, right or wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/server/settings';

function parse(raw: unknown): { settings: ReturnType<typeof parseSettings>; warnings: string[] } {
  const warnings: string[] = [];
  return { settings: parseSettings(raw, (message) => warnings.push(message)), warnings };
}

test('an absent or empty section gives the defaults silently', () => {
  for (const raw of [undefined, null, {}]) assert.deepEqual(parse(raw), { settings: DEFAULT_SETTINGS, warnings: [] });
  assert.deepEqual(DEFAULT_SETTINGS, {
    enable: true,
    run: 'onType',
    scope: 'workspace',
    rules: {},
    pythonVersion: undefined,
    exclude: [],
    blockingCalls: [],
    startableFunctions: [],
    typeAware: 'auto',
    safeCalls: ['node:test', 'node:test.it', 'node:test.test', 'node:test.describe', 'node:test.suite'],
    maxFileSize: 2 * 1024 * 1024,
  });
});

test('the typescript section: typeAware modes and safeCalls lists, wrong values warned about', () => {
  assert.deepEqual(parse({ typescript: { typeAware: 'off', safeCalls: ['mocha.it'] } }), {
    settings: { ...DEFAULT_SETTINGS, typeAware: 'off', safeCalls: ['mocha.it'] },
    warnings: [],
  });
  const { settings, warnings } = parse({ typescript: { typeAware: 'always', safeCalls: ['ok', 3] } });
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /"awaitwise\.typescript\.typeAware": expected one of "auto", "on", "off", got "always"/);
  assert.match(warnings[1], /"awaitwise\.typescript\.safeCalls": expected a list of names/);
  assert.match(parse({ typescript: 'on' }).warnings[0], /"awaitwise\.typescript": expected an object/);
});

test('valid values are taken as given; an empty pythonVersion means "read pyproject.toml"', () => {
  const { settings, warnings } = parse({
    enable: false,
    run: 'onSave',
    scope: 'openFiles',
    rules: { 'blocking-sleep': 'off', ASYNC251: 'hint' },
    pythonVersion: '3.9',
    exclude: ['generated/**'],
    python: { blockingCalls: ['legacy_db.query', 'mylib.Client.fetch_sync'], startableFunctions: ['serve_admin', 'myapp.net.serve'] },
    typescript: { typeAware: 'on', safeCalls: [] },
    maxFileSize: 0,
    trace: { server: 'verbose' },
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(settings, {
    enable: false,
    run: 'onSave',
    scope: 'openFiles',
    rules: { 'blocking-sleep': 'off', ASYNC251: 'hint' },
    pythonVersion: { major: 3, minor: 9 },
    exclude: ['generated/**'],
    blockingCalls: ['legacy_db.query', 'mylib.Client.fetch_sync'],
    startableFunctions: ['serve_admin', 'myapp.net.serve'],
    typeAware: 'on',
    safeCalls: [],
    maxFileSize: 0,
  });
  assert.equal(parse({ pythonVersion: '' }).settings.pythonVersion, undefined);
});

test('maxFileSize takes a whole number of bytes; anything else warns and keeps the default', () => {
  assert.deepEqual(parse({ maxFileSize: 1_000_000 }), { settings: { ...DEFAULT_SETTINGS, maxFileSize: 1_000_000 }, warnings: [] });
  for (const wrong of [-1, 1.5, '2MB', '1000', null, Number.MAX_VALUE]) {
    const { settings, warnings } = parse({ maxFileSize: wrong });
    assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize, String(wrong));
    assert.equal(warnings.length, 1, String(wrong));
    assert.match(warnings[0], /"awaitwise\.maxFileSize": expected a whole number of bytes, or 0 for no limit/);
  }
});

test('each wrong value falls back to its default with one warning; the right ones stay', () => {
  const { settings, warnings } = parse({
    enable: 'no',
    run: 'always',
    rules: { 'blocking-sleep': 'fatal', 'dangling-task': 'warning' },
    pythonVersion: '2.7',
    exclude: ['ok', 3],
  });
  assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: { 'dangling-task': 'warning' } });
  assert.equal(warnings.length, 5);
  assert.match(warnings[0], /"awaitwise\.enable": expected true or false, got "no"/);
  assert.match(warnings[1], /"awaitwise\.run"/);
  assert.match(warnings[2], /"awaitwise\.rules\.blocking-sleep".*"fatal"/);
  assert.match(warnings[3], /"awaitwise\.pythonVersion"/);
  assert.match(warnings[4], /"awaitwise\.exclude"/);
  assert.match(parse({ rules: ['blocking-sleep'] }).warnings[0], /"awaitwise\.rules"/);
  assert.match(parse({ pythonVersion: 3.11 }).warnings[0], /"awaitwise\.pythonVersion"/);
});

test('python.blockingCalls keeps the dotted names and warns once for each other entry', () => {
  const { settings, warnings } = parse({ python: { blockingCalls: ['legacy_db.query', 'not a name', 3, 'db.', 'ok_name'] } });
  assert.deepEqual(settings.blockingCalls, ['legacy_db.query', 'ok_name']);
  assert.equal(warnings.length, 3);
  assert.match(warnings[0], /"awaitwise\.python\.blockingCalls\[1\]".*"not a name"/);
  assert.match(parse({ python: { blockingCalls: 'legacy_db.query' } }).warnings[0], /"awaitwise\.python\.blockingCalls": expected a list/);
  assert.match(parse({ python: ['legacy_db.query'] }).warnings[0], /"awaitwise\.python": expected an object/);
  assert.deepEqual(parse({ python: {} }), { settings: DEFAULT_SETTINGS, warnings: [] });
});

test('python.startableFunctions keeps names and dotted names and warns for each other entry', () => {
  const { settings, warnings } = parse({ python: { startableFunctions: ['serve_admin', 'myapp.net.serve', 'serve-*', null] } });
  assert.deepEqual(settings.startableFunctions, ['serve_admin', 'myapp.net.serve']);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /"awaitwise\.python\.startableFunctions\[2\]".*"serve-\*"/);
  assert.match(parse({ python: { startableFunctions: 'serve' } }).warnings[0], /"awaitwise\.python\.startableFunctions": expected a list/);
});

test('a section that is not an object gives the defaults with a warning', () => {
  const { settings, warnings } = parse('on');
  assert.equal(settings, DEFAULT_SETTINGS);
  assert.equal(warnings.length, 1);
});
