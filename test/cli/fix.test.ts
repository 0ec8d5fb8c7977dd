import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, SOURCES } from './harness';

const WORKER = [
  'import time',
  '',
  '',
  'async def save(order):',
  '    ...',
  '',
  '',
  'async def work(queue):',
  '    while True:',
  '        order = await queue.get()',
  '        save(order)',
  '        time.sleep(0.5)',
  '',
].join('\n');

const WORKER_FIXED = [
  'import time',
  'import asyncio',
  '',
  '',
  'async def save(order):',
  '    ...',
  '',
  '',
  'async def work(queue):',
  '    while True:',
  '        order = await queue.get()',
  '        await save(order)',
  '        await asyncio.sleep(0.5)',
  '',
].join('\n');

const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/** Backdates a file so a rewrite, even with identical content, shows in its mtime. */
function backdate(path: string): void {
  utimesSync(path, LONG_AGO, LONG_AGO);
}

describe('awaitwise check --fix', () => {
  test('applies the safe fixes, writes the file and reports what is left', () => {
    const root = tempTree({ 'worker.py': WORKER, 'tasks.py': SOURCES.danglingTask });
    backdate(join(root, 'tasks.py'));
    const run = runCli(['check', '--fix'], { cwd: root });
    assert.equal(readFileSync(join(root, 'worker.py'), 'utf8'), WORKER_FIXED);
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      [
        'Applied 2 fixes to worker.py.',
        'tasks.py:7:5: error [dangling-task] The task from asyncio.create_task() is not kept; it may be garbage-collected before it finishes and its errors are never seen',
        '  hint: Start the work in a `TaskGroup` (Python 3.11+), which owns its tasks and waits for them.',
        '',
        'Found 1 problem in 1 file.',
        '',
      ].join('\n'),
    );
    // A file with nothing to fix is not rewritten.
    assert.equal(statSync(join(root, 'tasks.py')).mtimeMs, LONG_AGO.getTime());
  });

  test('a second --fix changes nothing, and the fixed rules then check clean', () => {
    const root = tempTree({ 'worker.py': WORKER });
    const worker = join(root, 'worker.py');
    assert.equal(runCli(['check', '--fix'], { cwd: root }).status, 0);
    backdate(worker);
    const again = runCli(['check', '--fix'], { cwd: root });
    assert.equal(again.status, 0);
    assert.equal(again.stdout, 'No problems found in 1 file.\n');
    assert.equal(readFileSync(worker, 'utf8'), WORKER_FIXED);
    assert.equal(statSync(worker).mtimeMs, LONG_AGO.getTime());
    assert.equal(runCli(['check', '--select', 'blocking-sleep,unawaited-coroutine'], { cwd: root }).status, 0);
  });

  test('fixes TypeScript and JavaScript, leaving unsafe fixes to a person', () => {
    const source = [
      'export function delay(ms: number): Promise<void> {',
      '  return new Promise(async (resolve) => {',
      '    setTimeout(resolve, ms);',
      '  });',
      '}',
      '',
      'export async function ping() {',
      '  fetch("/ping");',
      '}',
      '',
    ].join('\n');
    const root = tempTree({ 'delay.ts': source, 'delay.mjs': source.replace(': Promise<void>', '').replace('ms: number', 'ms') });
    const run = runCli(['check', '--fix', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 1);
    const report = parseReport(run);
    assert.deepEqual(report.summary.fixedFiles, [
      { path: 'delay.mjs', fixes: 1 },
      { path: 'delay.ts', fixes: 1 },
    ]);
    assert.equal(report.summary.fixesApplied, 2);
    assert.deepEqual(ruleLines(report), [
      'floating-promise delay.mjs:8',
      'missing-timeout delay.mjs:8',
      'floating-promise delay.ts:8',
      'missing-timeout delay.ts:8',
    ]);
    assert.equal(readFileSync(join(root, 'delay.ts'), 'utf8'), source.replace('new Promise(async (resolve)', 'new Promise((resolve)'));
  });

  test('keeps a byte order mark and CRLF line ends it did not touch', () => {
    const source = '\uFEFFimport asyncio\r\n\r\nasync def save():\r\n    pass\r\n\r\nasync def handle():\r\n    save()\r\n';
    const root = tempTree({ 'handle.py': source });
    assert.equal(runCli(['check', '--fix'], { cwd: root }).status, 0);
    assert.equal(readFileSync(join(root, 'handle.py'), 'utf8'), source.replace('    save()', '    await save()'));
  });

  test('does not rewrite a file that is not valid UTF-8', () => {
    const bytes = Buffer.from('import time\n\nasync def poll():\n    print("caf\xe9")\n    time.sleep(1)\n', 'latin1');
    const root = tempTree({});
    writeFileSync(join(root, 'legacy.py'), bytes);
    const run = runCli(['check', '--fix'], { cwd: root });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^awaitwise: note: not fixing legacy\.py: it is not valid UTF-8/);
    assert.match(run.stdout, /^legacy\.py:5:5: error \[blocking-sleep\]/);
    assert.deepEqual(readFileSync(join(root, 'legacy.py')), bytes);
  });

  test('removes suppression comments that silence nothing, and only those', () => {
    const python = [
      'import asyncio',
      'import time',
      '',
      '',
      'async def poll():',
      '    await asyncio.sleep(1)  # awaitwise: ignore[blocking-sleep]',
      '    time.sleep(2)  # awaitwise: ignore[blocking-sleep, dangling-task]  # type: ignore',
      '',
    ].join('\n');
    const script = ['async function save(): Promise<void> {}', '', 'export function handle() {', '  // awaitwise-ignore-next-line floating-promise', '  void save();', '}', ''].join('\n');
    const root = tempTree({ 'poll.py': python, 'save.ts': script });
    const run = runCli(['check', '--fix'], { cwd: root });
    assert.equal(
      readFileSync(join(root, 'poll.py'), 'utf8'),
      python.replace('  # awaitwise: ignore[blocking-sleep]\n', '\n').replace('blocking-sleep, dangling-task', 'blocking-sleep'),
    );
    assert.equal(readFileSync(join(root, 'save.ts'), 'utf8'), script.replace('  // awaitwise-ignore-next-line floating-promise\n', ''));
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Applied 2 fixes to poll\.py\.\nApplied 1 fix to save\.ts\./);
  });

  test('honours --select: only the chosen rules are fixed', () => {
    const root = tempTree({ 'worker.py': WORKER });
    runCli(['check', '--fix', '--select', 'unawaited-coroutine'], { cwd: root });
    assert.equal(readFileSync(join(root, 'worker.py'), 'utf8'), WORKER.replace('        save(order)', '        await save(order)'));
  });
});
