// The options CI jobs lean on: --output-file, --max-warnings and --quiet, from the built CLI
// over small trees.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, runCli } from './harness';
import { SEVERITY_SOURCES } from './severity-sources';

const USAGE_HINT = "(run 'awaitwise check --help' for usage)";

describe('awaitwise check --output-file', () => {
  test('writes the report to the file, uncoloured, creating its folders; the exit code is unchanged', () => {
    const root = tempTree({ 'poll.py': SEVERITY_SOURCES.error });
    const run = runCli(['check', '--output-file', 'reports/ci/awaitwise.txt'], { cwd: root, env: { FORCE_COLOR: '1' } });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '');
    const written = readFileSync(join(root, 'reports', 'ci', 'awaitwise.txt'), 'utf8');
    assert.equal(written, runCli(['check'], { cwd: root }).stdout);
    assert.match(written, /^poll\.py:4:5: error \[blocking-sleep\]/);
  });

  test('any format can go to a file, and a clean run writes one too', () => {
    const root = tempTree({ 'poll.py': SEVERITY_SOURCES.error, 'clean/ok.py': 'import asyncio\n' });
    assert.equal(runCli(['check', '--format', 'sarif', '--output-file', 'out.sarif'], { cwd: root }).status, 1);
    assert.equal(readFileSync(join(root, 'out.sarif'), 'utf8'), runCli(['check', '--format', 'sarif'], { cwd: root }).stdout);
    assert.equal(runCli(['check', 'clean', '--format', 'json', '--output-file', 'clean.json'], { cwd: root }).status, 0);
    assert.equal(JSON.parse(readFileSync(join(root, 'clean.json'), 'utf8')).summary.findings, 0);
  });

  test('a path that cannot be written is an error naming it and why, with exit code 2', () => {
    const root = tempTree({ 'poll.py': SEVERITY_SOURCES.error, 'blocker': 'a file, not a folder\n', 'reports/.keep': '' });
    const cases: [string, string][] = [
      ['blocker/report.txt', 'cannot write the report to blocker/report.txt: a parent is not a directory'],
      ['blocker/deeper/report.txt', 'cannot write the report to blocker/deeper/report.txt: a parent is not a directory'],
      ['reports', 'cannot write the report to reports: is a directory'],
    ];
    for (const [path, message] of cases) {
      const run = runCli(['check', '--output-file', path], { cwd: root });
      assert.equal(run.status, 2, path);
      assert.equal(run.stdout, '', path);
      assert.equal(run.stderr, `awaitwise: error: ${message}\n`, path);
    }
    const empty = runCli(['check', '--output-file='], { cwd: root });
    assert.equal(empty.status, 2);
    assert.equal(empty.stderr, `awaitwise: error: --output-file needs a path ${USAGE_HINT}\n`);
  });

  test('checklist takes it too', () => {
    const root = tempTree({ 'poll.py': SEVERITY_SOURCES.error, 'blocker': '' });
    const run = runCli(['checklist', '--format', 'markdown', '--output-file', 'review/checklist.md'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.equal(readFileSync(join(root, 'review', 'checklist.md'), 'utf8'), runCli(['checklist', '--format', 'markdown'], { cwd: root }).stdout);
    const bad = runCli(['checklist', '--output-file', 'blocker/checklist.txt'], { cwd: root });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'awaitwise: error: cannot write the report to blocker/checklist.txt: a parent is not a directory\n');
    assert.ok(!existsSync(join(root, 'blocker', 'checklist.txt')));
  });
});

describe('awaitwise check --max-warnings', () => {
  /** Two warnings, one hint, one information finding, no error. */
  const WARNINGS = { 'loop.py': SEVERITY_SOURCES.twoWarnings, 'sleeps.py': SEVERITY_SOURCES.hintAndInformation };

  test('passes with as many warnings as allowed, fails with one more, and says why', () => {
    const root = tempTree(WARNINGS);
    const atLimit = runCli(['check', '--max-warnings', '2'], { cwd: root });
    assert.equal(atLimit.status, 0);
    assert.match(atLimit.stdout, /\nFound 4 problems in 2 files \(3 fixable with --fix\)\.\n$/);
    const overLimit = runCli(['check', '--max-warnings', '1'], { cwd: root });
    assert.equal(overLimit.status, 1);
    assert.match(overLimit.stdout, /\nFound 4 problems in 2 files \(3 fixable with --fix\)\.\nToo many warnings: 2 found, and --max-warnings allows 1\.\n$/);
    assert.equal(runCli(['check', '--max-warnings=0'], { cwd: root }).status, 1);
    assert.equal(runCli(['check', '--max-warnings', '1', '--format', 'json'], { cwd: root }).status, 1);
  });

  test('information and hint findings never fail it; without it they do, as before', () => {
    const root = tempTree({ 'sleeps.py': SEVERITY_SOURCES.hintAndInformation });
    const run = runCli(['check', '--max-warnings', '0'], { cwd: root });
    assert.equal(run.status, 0);
    assert.doesNotMatch(run.stdout, /Too many warnings/);
    assert.equal(runCli(['check'], { cwd: root }).status, 1);
  });

  test('errors fail the run whatever the limit', () => {
    const root = tempTree({ ...WARNINGS, 'poll.py': SEVERITY_SOURCES.error });
    const run = runCli(['check', '--max-warnings', '100'], { cwd: root });
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, /Too many warnings/);
  });

  test('an incomplete run still exits 2', () => {
    const run = runCli(['check', '--max-warnings', '5', '.', 'missing.py'], { cwd: tempTree(WARNINGS) });
    assert.equal(run.status, 2);
  });

  test('N must be a whole number, 0 or more, and cannot be combined with --exit-zero', () => {
    const root = tempTree(WARNINGS);
    for (const value of ['-1', '1.5', 'many', '', '1e3', ' 2']) {
      const run = runCli(['check', `--max-warnings=${value}`], { cwd: root });
      assert.equal(run.status, 2, value);
      assert.equal(run.stdout, '', value);
      assert.equal(run.stderr, `awaitwise: error: invalid --max-warnings '${value}': expected a whole number, 0 or more ${USAGE_HINT}\n`, value);
    }
    const missing = runCli(['check', '--max-warnings', '-1'], { cwd: root });
    assert.equal(missing.stderr, `awaitwise: error: option '--max-warnings' needs a value ${USAGE_HINT}\n`);
    const both = runCli(['check', '--max-warnings', '3', '--exit-zero'], { cwd: root });
    assert.equal(both.status, 2);
    assert.equal(both.stderr, `awaitwise: error: --max-warnings and --exit-zero cannot be used together ${USAGE_HINT}\n`);
  });
});

describe('awaitwise check --quiet', () => {
  test('reports errors only, and the summary counts errors', () => {
    const root = tempTree({ 'loop.py': SEVERITY_SOURCES.twoWarnings, 'poll.py': SEVERITY_SOURCES.error, 'sleeps.py': SEVERITY_SOURCES.hintAndInformation });
    const run = runCli(['check', '--quiet'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      [
        "poll.py:4:5: error [blocking-sleep] time.sleep() blocks the event loop; use 'await asyncio.sleep()' so other tasks keep running",
        "  fix: Replace with 'await asyncio.sleep(...)' (fixable with --fix)",
        '',
        'Found 1 error in 1 file (1 fixable with --fix).',
        '',
      ].join('\n'),
    );
    const json = parseReport(runCli(['check', '--quiet', '--format', 'json'], { cwd: root }));
    assert.deepEqual(json.findings.map((finding) => finding.rule), ['blocking-sleep']);
    assert.deepEqual(json.summary.bySeverity, { error: 1, warning: 0, information: 0, hint: 0 });
    assert.equal(json.summary.filesChecked, 3);
    assert.equal(json.summary.filesWithFindings, 1);
  });

  test('other findings do not fail the run, nor the warning limit', () => {
    const root = tempTree({ 'loop.py': SEVERITY_SOURCES.twoWarnings, 'sleeps.py': SEVERITY_SOURCES.hintAndInformation });
    const run = runCli(['check', '--quiet'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'No errors found in 2 files.\n');
    assert.equal(runCli(['check', '--quiet', '--max-warnings', '0'], { cwd: root }).status, 0);
    assert.equal(runCli(['check', '--quiet', '--format', 'github'], { cwd: root }).stdout, '');
  });
});

describe('awaitwise check --help', () => {
  test('lists the CI options', () => {
    const help = runCli(['check', '--help'], { cwd: tempTree({}) }).stdout;
    for (const option of ['--output-file PATH', '--statistics', '--quiet', '--max-warnings N', 'sarif', 'github']) assert.ok(help.includes(option), option);
    assert.ok(runCli(['checklist', '--help'], { cwd: tempTree({}) }).stdout.includes('--output-file PATH'));
  });
});
