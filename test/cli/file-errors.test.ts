// Paths a run cannot read, and files it cannot write back: each is named with the reason, the
// rest of the run goes on, and the exit code says the check was incomplete (2).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import { replaceFileText } from '../../server/src/cli/replace-file';
import { PERMISSIONS_NOT_ENFORCED, trySymlink } from '../helpers/file-modes';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, SOURCES, type CliRun } from './harness';

const VANISH_PRELOAD = join(__dirname, 'preloads', 'vanish-after-listing.cjs');

function errorLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line.length > 0);
}

function sarifNotifications(run: CliRun): { level: string | undefined; text: string }[] {
  const log = JSON.parse(run.stdout) as Sarif.Log;
  const invocation = log.runs[0].invocations?.[0];
  assert.equal(invocation?.executionSuccessful, false);
  return (invocation?.toolExecutionNotifications ?? []).map((notification) => ({ level: notification.level, text: notification.message.text ?? '' }));
}

describe('awaitwise check: paths that cannot be read', () => {
  test('each is named with its reason, on stderr and in SARIF; the other files are checked; exit 2', async (t) => {
    const root = tempTree({ 'app/poll.py': SOURCES.blockingSleep, 'app/secret.py': SOURCES.blockingSleep, 'locked/inner.py': SOURCES.blockingSleep });
    const linked = trySymlink('gone.py', join(root, 'app', 'broken.py'));
    chmodSync(join(root, 'app', 'secret.py'), 0o000);
    chmodSync(join(root, 'locked'), 0o000);
    const runs: Record<string, CliRun> = {};
    try {
      for (const format of ['text', 'json', 'sarif']) runs[format] = runCli(['check', '--no-cache', '--format', format, 'app', 'locked', 'missing.py'], { cwd: root });
    } finally {
      chmodSync(join(root, 'app', 'secret.py'), 0o644);
      chmodSync(join(root, 'locked'), 0o755);
    }
    const errors = errorLines(runs.text);
    for (const [format, run] of Object.entries(runs)) {
      assert.equal(run.status, 2, format);
      // Whatever the format, run problems go to stderr, where the report on stdout cannot hide them.
      assert.deepEqual(errorLines(run), errors, format);
    }
    assert.ok(errors.includes('awaitwise: error: cannot read missing.py: no such file or directory'), errors.join('\n'));
    assert.match(runs.text.stdout, /^app\/poll\.py:4:5: error \[blocking-sleep\]/m);
    assert.ok(ruleLines(parseReport(runs.json)).includes('blocking-sleep app/poll.py:4'));
    assert.deepEqual(
      sarifNotifications(runs.sarif),
      errors.map((line) => ({ level: 'error', text: line.replace('awaitwise: error: ', '') })),
    );

    await t.test('a symbolic link to nothing', (t) => {
      if (!linked) return t.skip('symlinks are not available here');
      assert.ok(errors.includes('awaitwise: error: cannot read app/broken.py: no such file or directory'), errors.join('\n'));
    });

    await t.test('a file and a folder that may not be read', (t) => {
      if (PERMISSIONS_NOT_ENFORCED) return t.skip(PERMISSIONS_NOT_ENFORCED);
      assert.ok(errors.includes('awaitwise: error: cannot read locked: permission denied'), errors.join('\n'));
      assert.ok(errors.includes('awaitwise: error: cannot read app/secret.py: permission denied'), errors.join('\n'));
      assert.deepEqual(ruleLines(parseReport(runs.json)), ['blocking-sleep app/poll.py:4']);
      assert.match(runs.text.stdout, /^Found 1 problem in 1 file/m);
    });
  });

  test('a file deleted after it was listed and before it was read', () => {
    const root = tempTree({ 'a.py': SOURCES.blockingSleep, 'b.py': SOURCES.blockingSleep, 'c.py': SOURCES.blockingSleep });
    const vanishing = join(root, 'b.py');
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --require "${VANISH_PRELOAD}"`;
    const run = runCli(['check', '--no-cache', '--format', 'json'], { cwd: root, env: { NODE_OPTIONS: nodeOptions, AWAITWISE_TEST_VANISH: vanishing } });
    assert.equal(existsSync(vanishing), false);
    assert.equal(run.status, 2);
    // Named, so it was listed; then the others are reported as usual.
    assert.equal(run.stderr, 'awaitwise: error: cannot read b.py: no such file or directory\n');
    assert.deepEqual(ruleLines(parseReport(run)), ['blocking-sleep a.py:4', 'blocking-sleep c.py:4']);
  });
});

describe('replaceFileText', () => {
  test('a rename that fails removes its temporary file and leaves the original', async () => {
    const root = tempTree({});
    // A file cannot be renamed over a folder, whoever runs it.
    mkdirSync(join(root, 'target.py'));
    assert.equal(await replaceFileText(join(root, 'target.py'), 'x = 1\n'), 'is a directory');
    assert.deepEqual(readdirSync(root), ['target.py']);
    assert.deepEqual(readdirSync(join(root, 'target.py')), []);
  });

  test('a file that is gone is not created again', async () => {
    const root = tempTree({});
    assert.equal(await replaceFileText(join(root, 'gone.py'), 'x = 1\n'), 'no such file or directory');
    assert.deepEqual(readdirSync(root), []);
  });

  test('a file that may not be written is not replaced, though its folder allows it', async (t) => {
    if (PERMISSIONS_NOT_ENFORCED) return t.skip(PERMISSIONS_NOT_ENFORCED);
    const root = tempTree({});
    const path = join(root, 'frozen.py');
    writeFileSync(path, 'x = 1\n', { mode: 0o444 });
    assert.equal(await replaceFileText(path, 'x = 2\n'), 'permission denied');
    assert.equal(readFileSync(path, 'utf8'), 'x = 1\n');
    assert.deepEqual(readdirSync(root), ['frozen.py']);
  });
});
