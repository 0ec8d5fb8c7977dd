import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, test } from 'node:test';
import { version } from '../../package.json';
import { catalogMeta } from '../../server/src/rules';
import { runCli } from './harness';

const cwd = tmpdir();

describe('awaitwise rules', () => {
  test('prints the catalog as an aligned table', () => {
    const run = runCli(['rules'], { cwd });
    assert.equal(run.status, 0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    assert.match(header, /^RULE +LANGUAGES +SEVERITY +DEFAULT +FIX +PEERS +TITLE$/);
    assert.deepEqual(
      rows.map((row) => row.split(' ')[0]),
      catalogMeta.map((rule) => rule.id),
    );
    const titleColumn = header.indexOf('TITLE');
    for (const [index, rule] of catalogMeta.entries()) assert.equal(rows[index].slice(titleColumn), rule.title);
    assert.match(run.stdout, /^blocking-sleep +python, typescript, javascript +error +on +yes +ASYNC251 +Blocking sleep inside async code$/m);
  });

  test('prints the catalog as JSON', () => {
    const run = runCli(['rules', '--format', 'json'], { cwd });
    assert.equal(run.status, 0);
    const expected = catalogMeta.map(({ id, title, languages, severity, enabledByDefault, aliases, checklist, fixable }) => ({
      id,
      title,
      languages,
      severity,
      enabledByDefault,
      aliases,
      checklist,
      fixable,
    }));
    // Through JSON: a rule without a checklist item (unused-suppression) has no `checklist` key.
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify({ version: 1, rules: expected })));
  });

  test('rejects arguments it does not take', () => {
    assert.equal(runCli(['rules', 'blocking-sleep'], { cwd }).status, 2);
    assert.equal(runCli(['rules', '--format', 'yaml'], { cwd }).status, 2);
    // Neither does init.
    const init = runCli(['init', 'awaitwise.json'], { cwd });
    assert.equal(init.status, 2);
    assert.match(init.stderr, /^awaitwise: error: unexpected argument 'awaitwise\.json' \(run 'awaitwise init --help' for usage\)/);
  });
});

describe('awaitwise explain', () => {
  test('explains a rule by id or by peer code', () => {
    const byId = runCli(['explain', 'blocking-sleep'], { cwd });
    assert.equal(byId.status, 0);
    assert.match(byId.stdout, /^blocking-sleep: Blocking sleep inside async code\n/);
    assert.match(byId.stdout, /\nHOW TO FIX IT\n/);
    assert.deepEqual(runCli(['explain', 'async251'], { cwd }), byId);
  });

  test('explains several rules in one go', () => {
    const run = runCli(['explain', 'ASYNC105', 'no-floating-promises'], { cwd });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^unawaited-coroutine: /);
    assert.match(run.stdout, /\n\nfloating-promise: /);
  });

  test('an unknown or missing rule is a usage error', () => {
    const unknown = runCli(['explain', 'ASYNC999'], { cwd });
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, "awaitwise: error: unknown rule 'ASYNC999' (run 'awaitwise rules' to list the rules)\n");
    const missing = runCli(['explain'], { cwd });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /run 'awaitwise explain --help' for usage/);
  });
});

describe('awaitwise: help, version and mistakes', () => {
  test('--help lists the commands; each command has its own help', () => {
    const overall = runCli(['--help'], { cwd });
    assert.equal(overall.status, 0);
    for (const command of ['check', 'rules', 'explain']) assert.match(overall.stdout, new RegExp(`^  ${command} `, 'm'));
    const check = runCli(['check', '--help'], { cwd });
    assert.equal(check.status, 0);
    for (const flag of ['--format', '--select', '--ignore', '--fix', '--python-version', '--exit-zero']) assert.ok(check.stdout.includes(flag), flag);
    assert.match(runCli(['rules', '-h'], { cwd }).stdout, /^Usage: awaitwise rules/);
    assert.match(runCli(['explain', '--help'], { cwd }).stdout, /^Usage: awaitwise explain/);
  });

  test('with no command, prints the help to stderr and exits 2', () => {
    const run = runCli([], { cwd });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Usage: awaitwise <command>/);
  });

  test('--version prints the package version', () => {
    const run = runCli(['--version'], { cwd });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, `awaitwise ${version}\n`);
  });

  test('unknown commands and options exit 2 with a pointer to --help', () => {
    const cases: [string[], string][] = [
      [['chek'], "unknown command 'chek' (run 'awaitwise --help' for usage)"],
      [['--frobnicate'], "unknown option '--frobnicate' (run 'awaitwise --help' for usage)"],
      [['check', '--fixx'], "unknown option '--fixx' (run 'awaitwise check --help' for usage)"],
      [['check', '--fix=yes'], "option '--fix' takes no value (run 'awaitwise check --help' for usage)"],
      [['check', '--format'], "option '--format' needs a value (run 'awaitwise check --help' for usage)"],
      [['check', '--select', '--fix'], "option '--select' needs a value (run 'awaitwise check --help' for usage)"],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, { cwd });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr, `awaitwise: error: ${message}\n`);
      assert.equal(run.stdout, '');
    }
  });
});
