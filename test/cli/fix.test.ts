import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PERMISSIONS_NOT_ENFORCED, trySymlink } from '../helpers/file-modes';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, runSourceCli, SOURCES, type CliRun } from './harness';

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
        'Fixed 2 problems in 1 file; 1 problem remains in 1 file.',
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

/** SOURCES.blockingSleep once fixed. */
const SLEEP_FIXED = 'import time\nimport asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n';

const BREAKING_FIX_PRELOAD = join(__dirname, 'preloads', 'syntax-breaking-fix.ts');

describe('awaitwise check --fix: how files are written', () => {
  test('a new file is renamed over the old: its mode is kept, no temporary file is left, and a second run writes nothing', () => {
    const root = tempTree({ 'worker.py': WORKER });
    const worker = join(root, 'worker.py');
    chmodSync(worker, 0o754);
    const original = statSync(worker);
    const first = runCli(['check', '--fix', '--no-cache', '--format', 'json'], { cwd: root });
    assert.equal(first.status, 0);
    assert.deepEqual(parseReport(first).summary.fixedFiles, [{ path: 'worker.py', fixes: 2 }]);
    assert.equal(readFileSync(worker, 'utf8'), WORKER_FIXED);
    const written = statSync(worker);
    assert.notEqual(written.ino, original.ino, 'a new file takes the place of the old one');
    assert.equal(written.mode & 0o7777, 0o754);
    assert.deepEqual(readdirSync(root), ['worker.py']);

    backdate(worker);
    const second = runCli(['check', '--fix', '--no-cache', '--format', 'json'], { cwd: root });
    assert.equal(second.status, 0);
    assert.deepEqual([parseReport(second).summary.fixesApplied, parseReport(second).summary.fixedFiles], [0, []]);
    assert.equal(statSync(worker).ino, written.ino);
    assert.equal(statSync(worker).mtimeMs, LONG_AGO.getTime());
  });

  test("keeps a byte order mark first, and the file's line ends in the lines it inserts", () => {
    // No module-level import: asyncio's goes on the first line, which must stay after the mark.
    const local = '\uFEFFasync def poll():\r\n    import time\r\n    time.sleep(1)\r\n';
    const crlf = 'import time\r\n\r\nasync def poll():\r\n    time.sleep(1)\r\n';
    const root = tempTree({ 'local.py': local, 'crlf.py': crlf });
    assert.equal(runCli(['check', '--fix', '--no-cache'], { cwd: root }).status, 0);
    assert.deepEqual(readFileSync(join(root, 'local.py')), Buffer.from('\uFEFFimport asyncio\r\nasync def poll():\r\n    import time\r\n    await asyncio.sleep(1)\r\n'));
    assert.equal(readFileSync(join(root, 'crlf.py'), 'utf8'), 'import time\r\nimport asyncio\r\n\r\nasync def poll():\r\n    await asyncio.sleep(1)\r\n');
  });

  test('fixes the file a symbolic link leads to, and the link stays a link', (t) => {
    const root = tempTree({ 'src/poll.py': SOURCES.blockingSleep });
    const link = join(root, 'poll.py');
    if (!trySymlink(join('src', 'poll.py'), link)) return t.skip('symlinks are not available here');
    assert.equal(runCli(['check', '--fix', '--no-cache', 'poll.py'], { cwd: root }).status, 0);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), join('src', 'poll.py'));
    assert.equal(readFileSync(join(root, 'src', 'poll.py'), 'utf8'), SLEEP_FIXED);
    assert.deepEqual(readdirSync(join(root, 'src')), ['poll.py']);
  });

  test('a folder it may not write to: the file there is left as it was, named in an error; the others are fixed', async (t) => {
    const root = tempTree({ 'locked/poll.py': SOURCES.blockingSleep, 'open/poll.py': SOURCES.blockingSleep });
    chmodSync(join(root, 'locked'), 0o555);
    let run: CliRun;
    try {
      run = runCli(['check', '--fix', '--no-cache'], { cwd: root });
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
    assert.equal(readFileSync(join(root, 'open', 'poll.py'), 'utf8'), SLEEP_FIXED);

    await t.test('the file in the read-only folder', (t) => {
      if (PERMISSIONS_NOT_ENFORCED) return t.skip(PERMISSIONS_NOT_ENFORCED);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, 'awaitwise: error: cannot write locked/poll.py: no temporary file can be created beside it (permission denied)\n');
      assert.equal(readFileSync(join(root, 'locked', 'poll.py'), 'utf8'), SOURCES.blockingSleep);
      assert.deepEqual(readdirSync(join(root, 'locked')), ['poll.py']);
      // Not fixed, so still reported.
      assert.match(run.stdout, /^locked\/poll\.py:4:5: error \[blocking-sleep\]/m);
      assert.match(run.stdout, /^Fixed 1 problem in 1 file; 1 problem remains in 1 file/m);
    });
  });

  test('fixes a file that has a syntax error elsewhere, and leaves the error as it is', () => {
    const python = 'def broken(:\n    pass\n\nimport time\n\nasync def poll():\n    time.sleep(1)\n';
    const script = 'const x = ;\nexport function delay(ms: number): Promise<void> {\n  return new Promise(async (resolve) => {\n    setTimeout(resolve, ms);\n  });\n}\n';
    const root = tempTree({ 'broken.py': python, 'broken.ts': script });
    const run = runCli(['check', '--fix', '--no-cache', '--format', 'json'], { cwd: root });
    assert.equal(run.stderr, '');
    assert.deepEqual(parseReport(run).summary.fixedFiles, [
      { path: 'broken.py', fixes: 1 },
      { path: 'broken.ts', fixes: 1 },
    ]);
    // An import is added after the imports that open a module; this one opens with a function.
    assert.equal(readFileSync(join(root, 'broken.py'), 'utf8'), `import asyncio\n${python.replace('time.sleep(1)', 'await asyncio.sleep(1)')}`);
    assert.equal(readFileSync(join(root, 'broken.ts'), 'utf8'), script.replace('new Promise(async (resolve)', 'new Promise((resolve)'));
  });

  test('does not write fixes that would break the syntax, and says so', () => {
    // The preload gives blocking-sleep's fix a stray parenthesis; unawaited-coroutine's is sound.
    const mixed = `${SOURCES.blockingSleep}\nasync def save():\n    pass\n\nasync def handle():\n    save()\n`;
    const broken = `def broken(:\n    pass\n\n${SOURCES.blockingSleep}`;
    const root = tempTree({ 'broken.py': broken, 'mixed.py': mixed, 'other.py': SOURCES.unawaited });
    const run = runSourceCli(BREAKING_FIX_PRELOAD, ['check', '--fix', '--no-cache', '--jobs', '1'], { cwd: root });
    assert.equal(
      run.stderr,
      ['broken.py', 'mixed.py'].map((path) => `awaitwise: note: not fixing ${path}: the fixed text would not parse as well as the original (please report this bug)\n`).join(''),
    );
    assert.equal(readFileSync(join(root, 'broken.py'), 'utf8'), broken);
    assert.equal(readFileSync(join(root, 'mixed.py'), 'utf8'), mixed);
    assert.equal(readFileSync(join(root, 'other.py'), 'utf8'), SOURCES.unawaited.replace('    save()', '    await save()'));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^Fixed 1 problem in 1 file; 3 problems remain in 2 files \(3 fixable with --fix\)\.$/m);
  });
});
