import assert from 'node:assert/strict';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, SOURCES } from './harness';

const ANSI = /\u001b\[/;

describe('awaitwise check: exit codes', () => {
  test('0 and a one-line summary when nothing is found', () => {
    const root = tempTree({ 'poll.py': SOURCES.clean, 'web/app.ts': 'export async function f() {\n  await fetch("/", { signal: AbortSignal.timeout(5000) });\n}\n' });
    const run = runCli(['check'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'No problems found in 2 files.\n');
    assert.equal(run.stderr, '');
  });

  test('1 when problems are found', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    assert.equal(runCli(['check', '.'], { cwd: root }).status, 1);
  });

  test('--exit-zero turns found problems into 0, but not failures', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    const run = runCli(['check', '--exit-zero'], { cwd: root });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Found 1 problem in 1 file/);
    assert.equal(runCli(['check', '--exit-zero', 'missing.py'], { cwd: root }).status, 2);
  });

  test('2 for a path that does not exist, naming it, after checking the rest', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    const run = runCli(['check', 'poll.py', 'no/such/file.py'], { cwd: root });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'awaitwise: error: cannot read no/such/file.py: no such file or directory\n');
    assert.match(run.stdout, /^poll\.py:4:5: error \[blocking-sleep\]/);
  });

  test('2 when a file cannot be read, though other files have problems', { skip: process.getuid?.() === 0 || process.platform === 'win32' }, () => {
    const root = tempTree({ 'locked.py': SOURCES.clean, 'poll.py': SOURCES.blockingSleep });
    chmodSync(join(root, 'locked.py'), 0o000);
    const run = runCli(['check'], { cwd: root });
    chmodSync(join(root, 'locked.py'), 0o644);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'awaitwise: error: cannot read locked.py: permission denied\n');
    assert.match(run.stdout, /Found 1 problem in 1 file/);
  });

  test('--python-version must be a Python 3 MAJOR.MINOR', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    for (const bad of ['3', '3.x', '2.7', 'latest']) {
      const run = runCli(['check', '--python-version', bad], { cwd: root });
      assert.equal(run.status, 2, bad);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`^awaitwise: error: invalid --python-version '${bad.replace('.', '\\.')}': expected a Python 3 version`));
    }
    assert.equal(runCli(['check', '--python-version', '3.9'], { cwd: root }).status, 1);
  });

  test('an invalid --format is a usage error', () => {
    const root = tempTree({ 'poll.py': SOURCES.clean });
    const run = runCli(['check', '--format', 'xml'], { cwd: root });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^awaitwise: error: invalid --format 'xml': expected text, json, sarif or github \(run 'awaitwise check --help' for usage\)\n$/);
  });
});

describe('awaitwise check: text output', () => {
  test('one line per finding, a hint under it, and a summary; no colour when piped', () => {
    const root = tempTree({
      'src/poll.py': SOURCES.blockingSleep,
      'src/tasks.py': SOURCES.danglingTask,
    });
    const run = runCli(['check'], { cwd: root });
    assert.equal(
      run.stdout,
      [
        "src/poll.py:4:5: error [blocking-sleep] time.sleep() blocks the event loop; use 'await asyncio.sleep()' so other tasks keep running",
        "  fix: Replace with 'await asyncio.sleep(...)' (fixable with --fix)",
        'src/tasks.py:7:5: error [dangling-task] The task from asyncio.create_task() is not kept; it may be garbage-collected before it finishes and its errors are never seen',
        '  hint: Start the work in a `TaskGroup` (Python 3.11+), which owns its tasks and waits for them.',
        '',
        'Found 2 problems in 2 files (1 fixable with --fix).',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(run.stdout, ANSI);
  });

  test('FORCE_COLOR turns colour on even when piped; FORCE_COLOR=0 keeps it off', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    assert.match(runCli(['check'], { cwd: root, env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    assert.doesNotMatch(runCli(['check'], { cwd: root, env: { FORCE_COLOR: '0' } }).stdout, ANSI);
  });

  test('notes binary files and named non-source files on stderr without failing', () => {
    const root = tempTree({ 'poll.py': SOURCES.clean, 'blob.py': Buffer.from([0x23, 0x00, 0x0a]), 'notes.txt': 'hello' });
    const run = runCli(['check', '.', 'notes.txt'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(
      run.stderr,
      'awaitwise: note: skipped notes.txt: not a supported source file\n' +
        'awaitwise: note: skipped blob.py: it looks like a binary file (it contains NUL bytes)\n',
    );
    assert.equal(run.stdout, 'No problems found in 1 file.\n');
  });

  test('says so when there is nothing to check', () => {
    const root = tempTree({ 'README.md': '# empty' });
    const run = runCli(['check'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, 'awaitwise: note: found no Python, TypeScript or JavaScript files to check\n');
  });
});

describe('awaitwise check: JSON output', () => {
  test('1-based positions with UTF-16 columns, paths relative to the working directory', () => {
    const line = '    print("🚀 polling"); time.sleep(1)';
    const root = tempTree({ 'pkg/poll.py': `import time\n\nasync def poll():\n${line}\n`, 'pkg/handler.ts': SOURCES.floatingPromise });
    const run = runCli(['check', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const report = parseReport(run);
    // JavaScript indexes strings in UTF-16 code units, as the editor does: the emoji counts 2.
    const column = line.indexOf('time.sleep') + 1;
    assert.equal(column, 26);
    assert.deepEqual(report, {
      version: 1,
      findings: [
        {
          path: 'pkg/handler.ts',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 9,
          rule: 'floating-promise',
          severity: 'error',
          message: "'save()' returns a promise that is neither awaited nor handled",
          fixable: false,
        },
        {
          path: 'pkg/poll.py',
          line: 4,
          column,
          endLine: 4,
          endColumn: column + 'time.sleep(1)'.length,
          rule: 'blocking-sleep',
          severity: 'error',
          message: "time.sleep() blocks the event loop; use 'await asyncio.sleep()' so other tasks keep running",
          fixable: true,
        },
      ],
      summary: {
        filesChecked: 2,
        filesWithFindings: 2,
        findings: 2,
        fixable: 1,
        bySeverity: { error: 2, warning: 0, information: 0, hint: 0 },
        byRule: { 'blocking-sleep': 1, 'floating-promise': 1 },
        fixesApplied: 0,
        fixedFiles: [],
      },
    });
  });

  test('paths outside the working directory are relative too', () => {
    const root = tempTree({ 'app/poll.py': SOURCES.blockingSleep, 'tools/run.py': SOURCES.clean });
    const report = parseReport(runCli(['check', '--format', 'json', '../app'], { cwd: join(root, 'tools') }));
    assert.deepEqual(ruleLines(report), ['blocking-sleep ../app/poll.py:4']);
  });

  test('stays valid JSON when a path is missing', () => {
    const root = tempTree({ 'poll.py': SOURCES.blockingSleep });
    const run = runCli(['check', '--format', 'json', 'poll.py', 'gone'], { cwd: root });
    assert.equal(run.status, 2);
    assert.deepEqual(ruleLines(parseReport(run)), ['blocking-sleep poll.py:4']);
  });
});

describe('awaitwise check: choosing rules', () => {
  const files = {
    'poll.py': SOURCES.blockingSleep,
    'handle.py': SOURCES.unawaited,
    'tasks.py': SOURCES.danglingTask,
    'save.ts': SOURCES.floatingPromise,
  };
  const check = (...args: string[]): string[] => ruleLines(parseReport(runCli(['check', '--format', 'json', ...args], { cwd: tempTree(files) })));

  test('all default rules run without --select', () => {
    assert.deepEqual(check(), ['unawaited-coroutine handle.py:5', 'blocking-sleep poll.py:4', 'floating-promise save.ts:4', 'dangling-task tasks.py:7']);
  });

  test('--select takes ids and peer codes, in any case, comma-separated or repeated', () => {
    assert.deepEqual(check('--select', 'blocking-sleep'), ['blocking-sleep poll.py:4']);
    assert.deepEqual(check('--select', 'async251'), ['blocking-sleep poll.py:4']);
    assert.deepEqual(check('--select', 'ASYNC251,RUF006'), ['blocking-sleep poll.py:4', 'dangling-task tasks.py:7']);
    assert.deepEqual(check('--select', 'ASYNC251', '--select', 'no-floating-promises'), ['blocking-sleep poll.py:4', 'floating-promise save.ts:4']);
  });

  test("--select all enables every rule, --ignore removes some", () => {
    // `all` includes rules that are off by default (async-without-await, unnamed-task).
    assert.deepEqual(check('--select', 'all', '--ignore', 'ASYNC105,floating-promise'), [
      'async-without-await handle.py:4',
      'missing-checkpoint handle.py:4',
      'async-without-await poll.py:3',
      'missing-checkpoint poll.py:3',
      'blocking-sleep poll.py:4',
      'async-without-await save.ts:3',
      'missing-checkpoint tasks.py:6',
      'dangling-task tasks.py:7',
      'unnamed-task tasks.py:7',
    ]);
    assert.deepEqual(check('--ignore', 'dangling-task'), ['unawaited-coroutine handle.py:5', 'blocking-sleep poll.py:4', 'floating-promise save.ts:4']);
  });

  test('unknown rule names are a usage error naming each of them', () => {
    const run = runCli(['check', '--select', 'blocking-sleep,sleepy', '--ignore', 'ASYNC999'], { cwd: tempTree(files) });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "awaitwise: error: unknown rule names 'sleepy', 'ASYNC999' (run 'awaitwise rules' to list the rules)\n");
  });

  test('an empty --select is a usage error rather than a silent pass', () => {
    const run = runCli(['check', '--select', ''], { cwd: tempTree(files) });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--select needs at least one rule name/);
  });
});

describe('awaitwise check: which files', () => {
  test('honours .gitignore and skips node_modules and virtualenvs', () => {
    const root = tempTree({
      '.gitignore': 'generated/\n',
      'app/poll.py': SOURCES.blockingSleep,
      'generated/poll.py': SOURCES.blockingSleep,
      'node_modules/lib/index.ts': SOURCES.floatingPromise,
      '.venv/lib/python3.12/site-packages/pkg/poll.py': SOURCES.blockingSleep,
      'web/.gitignore': 'legacy.ts\n',
      'web/legacy.ts': SOURCES.floatingPromise,
      'web/save.ts': SOURCES.floatingPromise,
    });
    const report = parseReport(runCli(['check', '--format', 'json'], { cwd: root }));
    assert.deepEqual(ruleLines(report), ['blocking-sleep app/poll.py:4', 'floating-promise web/save.ts:4']);
    assert.equal(report.summary.filesChecked, 2);
  });

  test('checks a gitignored file when it is named', () => {
    const root = tempTree({ '.gitignore': 'scratch.py\n', 'scratch.py': SOURCES.blockingSleep });
    assert.equal(runCli(['check'], { cwd: root }).status, 0);
    assert.equal(runCli(['check', 'scratch.py'], { cwd: root }).status, 1);
  });
});

describe('awaitwise check: source quirks', () => {
  test('suppression comments silence findings', () => {
    const root = tempTree({
      'poll.py': 'import time\n\nasync def poll():\n    time.sleep(1)  # awaitwise: ignore[blocking-sleep]\n    time.sleep(2)  # noqa: ASYNC251\n    time.sleep(3)\n',
      'save.ts':
        'async function save(): Promise<void> {}\n\nexport async function handle() {\n  // awaitwise-ignore-next-line floating-promise -- fire and forget\n  save();\n  save();\n}\n',
    });
    assert.deepEqual(ruleLines(parseReport(runCli(['check', '--format', 'json'], { cwd: root }))), ['blocking-sleep poll.py:6', 'floating-promise save.ts:6']);
  });

  test('a suppression comment that silences nothing is reported as a fixable hint', () => {
    const root = tempTree({
      'poll.py': 'import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)  # awaitwise: ignore[blocking-sleep]\n',
      'save.ts': 'async function save(): Promise<void> {}\n\nexport function handle() {\n  // awaitwise-ignore-next-line floting-promise\n  save();\n}\n',
    });
    const report = parseReport(runCli(['check', '--format', 'json'], { cwd: root }));
    assert.deepEqual(
      report.findings.map((finding) => [finding.rule, `${finding.path}:${finding.line}:${finding.column}`, finding.severity, finding.message, finding.fixable]),
      [
        ['unused-suppression', 'poll.py:4:29', 'hint', "'blocking-sleep' is suppressed here but reports nothing on this line", true],
        ['unused-suppression', 'save.ts:4:3', 'hint', "Unknown rule id 'floting-promise' in a suppression comment; did you mean 'floating-promise'?", true],
        ['floating-promise', 'save.ts:5:3', 'error', report.findings[2]?.message, false],
      ],
    );
  });

  test('a Python file with a syntax error is still analysed', () => {
    const root = tempTree({ 'broken.py': 'def broken(:\n    pass\n\nimport time\n\nasync def poll():\n    time.sleep(1)\n' });
    const run = runCli(['check', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    assert.deepEqual(ruleLines(parseReport(run)), ['blocking-sleep broken.py:7']);
  });

  test('a TypeScript file with a syntax error is still analysed', () => {
    const root = tempTree({ 'broken.ts': 'const x = ;\n' + SOURCES.floatingPromise });
    const run = runCli(['check', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 1);
    assert.deepEqual(ruleLines(parseReport(run)), ['floating-promise broken.ts:5']);
  });

  test('an empty folder named explicitly checks nothing and passes', () => {
    const root = tempTree({});
    mkdirSync(join(root, 'empty'));
    assert.equal(runCli(['check', 'empty'], { cwd: root }).status, 0);
  });
});
