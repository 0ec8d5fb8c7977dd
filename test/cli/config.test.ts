// Configuration files from the command line: discovery, every option, the flags that override
// them, --config, --isolated, --force-exclude, errors, and `awaitwise init`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfigText } from '../../server/src/config/parse';
import { STARTER_JSON, STARTER_TOML } from '../../server/src/config/starter';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, SOURCES } from './harness';

/** `rule path:line` of each finding of `check` run in `root`, which must not fail. */
function checked(root: string, ...args: string[]): string[] {
  const run = runCli(['check', '--format', 'json', ...args], { cwd: root });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return ruleLines(parseReport(run));
}

describe('awaitwise check: configuration files', () => {
  test('the nearest configuration applies, alone: awaitwise.json below a pyproject.toml table', () => {
    const root = tempTree({
      'pyproject.toml': '[tool.awaitwise]\nignore = ["dangling-task"]\n\n[tool.awaitwise.rules]\nblocking-sleep = "warning"\n',
      'app.py': SOURCES.blockingSleep,
      'tasks.py': SOURCES.danglingTask,
      'legacy/awaitwise.json': '{"rules": {"ASYNC251": "hint"}}',
      'legacy/old.py': SOURCES.blockingSleep,
      'legacy/tasks.py': SOURCES.danglingTask,
    });
    const run = runCli(['check', '--format', 'json'], { cwd: root });
    assert.deepEqual(
      parseReport(run).findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.path}`),
      ['blocking-sleep warning app.py', 'blocking-sleep hint legacy/old.py', 'dangling-task error legacy/tasks.py'],
    );
  });

  test('a pyproject.toml without [tool.awaitwise] is passed over for one further up', () => {
    const root = tempTree({ 'awaitwise.json': '{"ignore": ["ASYNC251"]}', 'pkg/pyproject.toml': '[project]\nname = "pkg"\n', 'pkg/poll.py': SOURCES.blockingSleep });
    assert.deepEqual(checked(root), []);
  });

  test('per-file-ignores, relative to the configuration folder', () => {
    const root = tempTree({
      'awaitwise.json': '{"per-file-ignores": {"tests/**": ["blocking-sleep"], "*_slow.py": ["all"]}}',
      'tests/test_poll.py': SOURCES.blockingSleep,
      'src/poll.py': SOURCES.blockingSleep,
      'src/deep/tasks_slow.py': SOURCES.danglingTask,
    });
    assert.deepEqual(checked(root), ['blocking-sleep src/poll.py:4']);
  });

  test('python-version wins over requires-python', () => {
    const gather = 'import asyncio\n\nasync def load_all(urls):\n    tasks = [asyncio.create_task(fetch(url)) for url in urls]\n    return await asyncio.gather(*tasks)\n';
    const files = { 'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n\n[tool.awaitwise]\nselect = ["prefer-task-group"]\n', 'load.py': gather };
    assert.deepEqual(checked(tempTree(files)), ['prefer-task-group load.py:5'], 'TaskGroup exists in 3.11');
    const older = { ...files, 'pyproject.toml': `${files['pyproject.toml']}python-version = "3.10"\n` };
    assert.deepEqual(checked(tempTree(older)), []);
    assert.deepEqual(checked(tempTree(older), '--python-version', '3.12'), ['prefer-task-group load.py:5'], 'and the flag wins over both');
  });

  test('blocking-calls and safe-calls; the flags replace them', () => {
    const python = 'import billing_sdk\n\nasync def checkout(order):\n    billing_sdk.charge(order)\n    billing_sdk.refund(order)\n';
    const root = tempTree({
      'awaitwise.json': '{"blocking-calls": ["billing_sdk.charge"], "safe-calls": ["my-kit.scenario"]}',
      'checkout.py': python,
      // Type-aware, so that the call is known to return a promise.
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] }),
      'src/my-kit.d.ts': "declare module 'my-kit' {\n  export function scenario(name: string): Promise<void>;\n}\n",
      'src/suite.ts': "import { scenario } from 'my-kit';\n\nscenario('checkout');\n",
    });
    assert.deepEqual(checked(root), ['configured-blocking-call checkout.py:4']);
    assert.deepEqual(checked(root, '--blocking-calls', 'billing_sdk.refund', '--safe-calls', 'node:test.it'), [
      'configured-blocking-call checkout.py:5',
      'floating-promise src/suite.ts:3',
    ]);
  });

  test('--select replaces the configuration\'s select; --ignore adds to its ignore', () => {
    const root = tempTree({
      'awaitwise.json': '{"select": ["blocking-sleep"], "ignore": ["ASYNC105"]}',
      'poll.py': SOURCES.blockingSleep,
      'tasks.py': SOURCES.danglingTask,
      'handle.py': SOURCES.unawaited,
    });
    assert.deepEqual(checked(root), ['blocking-sleep poll.py:4']);
    assert.deepEqual(checked(root, '--select', 'dangling-task,unawaited-coroutine'), ['dangling-task tasks.py:7']);
    assert.deepEqual(checked(root, '--ignore', 'blocking-sleep'), []);
  });

  test('exclude leaves files out of folders; a file named explicitly is checked unless --force-exclude', () => {
    const root = tempTree({
      'pyproject.toml': '[tool.awaitwise]\nexclude = ["generated", "*_pb2.py"]\n',
      'generated/models.py': SOURCES.blockingSleep,
      'api/service_pb2.py': SOURCES.blockingSleep,
      'api/service.py': SOURCES.blockingSleep,
    });
    assert.deepEqual(checked(root), ['blocking-sleep api/service.py:4']);
    assert.deepEqual(checked(root, 'generated'), ['blocking-sleep generated/models.py:4'], 'a named folder that exclude covers is checked whole');
    assert.deepEqual(checked(root, 'api'), ['blocking-sleep api/service.py:4'], 'inside other named folders, exclude applies');
    assert.deepEqual(checked(root, 'api/service_pb2.py'), ['blocking-sleep api/service_pb2.py:4']);
    assert.deepEqual(checked(root, '--force-exclude', 'generated'), []);
    assert.deepEqual(checked(root, '--force-exclude', 'api/service_pb2.py', 'api/service.py'), ['blocking-sleep api/service.py:4']);
  });

  test('--config uses one file for everything; --isolated ignores them all', () => {
    const root = tempTree({
      'awaitwise.json': '{"ignore": ["blocking-sleep"]}',
      'ci/strict.json': '{"select": ["all"], "exclude": ["../skipped"]}',
      'ci/lenient.toml': '[tool.awaitwise]\nignore = ["dangling-task", "blocking-sleep"]\n',
      'poll.py': SOURCES.blockingSleep,
      'tasks.py': SOURCES.danglingTask,
    });
    assert.deepEqual(checked(root), ['dangling-task tasks.py:7']);
    assert.deepEqual(checked(root, '--isolated'), ['blocking-sleep poll.py:4', 'dangling-task tasks.py:7']);
    assert.deepEqual(checked(root, '--config', 'ci/lenient.toml'), []);
    const both = runCli(['check', '--config', 'ci/lenient.toml', '--isolated'], { cwd: root });
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--config and --isolated cannot be used together/);
  });

  test('an invalid configuration stops the run with one error naming the file and the key', () => {
    const root = tempTree({ 'pyproject.toml': '[tool.awaitwise]\n', 'app/awaitwise.json': '{"ignore": ["ASYNC251", "blocking-slep"]}', 'app/poll.py': SOURCES.blockingSleep });
    for (const args of [['check'], ['check', 'app/poll.py'], ['checklist']]) {
      const run = runCli(args, { cwd: root });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        "awaitwise: error: invalid configuration: app/awaitwise.json: ignore[1]: 'blocking-slep' is not a rule id or peer code; did you mean 'blocking-sleep'? (fix it, or run with --isolated to ignore configuration files)\n",
      );
    }
    writeFileSync(join(root, 'app/awaitwise.json'), '{\n  "ignore": ["ASYNC251"],\n}\n');
    assert.match(runCli(['check'], { cwd: root }).stderr, /^awaitwise: error: invalid configuration: app\/awaitwise\.json:3:1: invalid JSON: /);
    assert.equal(runCli(['check', '--isolated'], { cwd: root }).status, 1);
    const missing = runCli(['check', '--config', 'nowhere.json'], { cwd: root });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^awaitwise: error: invalid configuration: nowhere\.json: no such file/);
  });

  test('checklist reads the same configuration', () => {
    const root = tempTree({ 'awaitwise.json': '{"ignore": ["blocking-sleep"]}', 'poll.py': SOURCES.blockingSleep });
    assert.equal(runCli(['checklist'], { cwd: root }).status, 0);
    assert.equal(runCli(['checklist', '--isolated'], { cwd: root }).status, 1);
  });
});

describe('awaitwise init', () => {
  test('writes awaitwise.json when there is no pyproject.toml, and never overwrites it', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    const run = runCli(['init'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `Wrote awaitwise.json:\n\n${STARTER_JSON}`);
    assert.equal(readFileSync(join(root, 'awaitwise.json'), 'utf8'), STARTER_JSON);
    assert.deepEqual(checked(root), ['blocking-sleep poll.py:4'], 'the starter changes nothing');

    writeFileSync(join(root, 'awaitwise.json'), '{"ignore": []}');
    const again = runCli(['init'], { cwd: root });
    assert.equal(again.status, 2);
    assert.equal(again.stderr, 'awaitwise: error: awaitwise.json already exists here (edit it instead)\n');
    assert.equal(readFileSync(join(root, 'awaitwise.json'), 'utf8'), '{"ignore": []}');
    assert.equal(runCli(['init', '--format', 'toml'], { cwd: root }).status, 2, 'a pyproject.toml table would lose to it');
  });

  test('appends a [tool.awaitwise] table to pyproject.toml, keeping the rest byte for byte', () => {
    const pyproject = '[project]\r\nname = "app"\r\nrequires-python = ">=3.10"  # keep this comment\r\n';
    const root = tempTree({ 'pyproject.toml': pyproject, 'poll.py': SOURCES.blockingSleep });
    const run = runCli(['init'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    const text = readFileSync(join(root, 'pyproject.toml'), 'utf8');
    const table = STARTER_TOML.replaceAll('\n', '\r\n');
    assert.equal(text, `${pyproject}\r\n${table}`);
    assert.equal(run.stdout, `Added to pyproject.toml:\n\n${table}`);
    assert.ok(parseConfigText(join(root, 'pyproject.toml'), text));
    assert.ok(!existsSync(join(root, 'awaitwise.json')));
    assert.deepEqual(checked(root), ['blocking-sleep poll.py:4']);

    const again = runCli(['init'], { cwd: root });
    assert.equal(again.status, 2);
    assert.equal(again.stderr, 'awaitwise: error: pyproject.toml already has a [tool.awaitwise] table (edit it instead)\n');
    assert.equal(runCli(['init', '--format', 'json'], { cwd: root }).status, 2, 'an awaitwise.json would hide the table');
    assert.equal(readFileSync(join(root, 'pyproject.toml'), 'utf8'), text);
  });

  test('--format chooses; a pyproject.toml that does not parse is left alone', () => {
    const json = tempTree({ 'pyproject.toml': '[project]\nname = "app"' });
    assert.equal(runCli(['init', '--format', 'json'], { cwd: json }).status, 0);
    assert.equal(readFileSync(join(json, 'awaitwise.json'), 'utf8'), STARTER_JSON);

    const created = tempTree({});
    assert.equal(runCli(['init', '--format', 'toml'], { cwd: created }).status, 0);
    assert.equal(readFileSync(join(created, 'pyproject.toml'), 'utf8'), STARTER_TOML);

    const appended = tempTree({ 'pyproject.toml': '[project]\nname = "app"' });
    assert.equal(runCli(['init'], { cwd: appended }).status, 0);
    assert.equal(readFileSync(join(appended, 'pyproject.toml'), 'utf8'), `[project]\nname = "app"\n\n${STARTER_TOML}`);

    const broken = tempTree({ 'pyproject.toml': '[project\n' });
    const run = runCli(['init'], { cwd: broken });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^awaitwise: error: cannot add to pyproject\.toml:1:\d+: invalid TOML: .* \(fix it first\)\n$/);
    assert.equal(readFileSync(join(broken, 'pyproject.toml'), 'utf8'), '[project\n');
    assert.equal(runCli(['init', '--format', 'yaml'], { cwd: broken }).status, 2);
  });
});
