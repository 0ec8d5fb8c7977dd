// The cache of results: a second run reuses them and prints exactly what an uncached run
// prints; content, settings and cross-file changes make the files they affect be analysed
// again; --no-cache and --cache-dir say whether and where it is kept; a damaged cache is
// ignored; --fix never reports stale results. --verbose tells how many files came from it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, type CliRun } from './harness';

const FETCH = [
  'import aiohttp',
  'import time',
  '',
  '',
  'async def fetch(url):',
  '    session = aiohttp.ClientSession()',
  '    async with session.get(url) as response:',
  '        time.sleep(1)',
  '        return await response.text()',
  '',
].join('\n');
const PLAIN_STORE = 'def save(record):\n    return record\n';
const ASYNC_STORE = 'async def save(record):\n    return record\n';
const API = 'from app.store import save\n\nasync def handle(record):\n    save(record)\n';
const OTHER = 'import asyncio\n\nasync def tick():\n    await asyncio.sleep(1)\n';
const CRON = "import { run } from './jobs.js';\n\nexport function tick() {\n  run();\n}\n";
const JOBS = 'export async function run() {}\n';

/** Findings with related locations and fixes, cross-file ones in Python and in JS. */
function tree(): string {
  return tempTree({ 'fetch.py': FETCH, 'app/store.py': ASYNC_STORE, 'app/api.py': API, 'app/other.py': OTHER, 'web/cron.js': CRON, 'web/jobs.js': JOBS });
}

interface Counts {
  fromCache: number;
  analysed: number;
}

function counts(run: CliRun): Counts {
  const match = /checked \d+ files? in [\d.]+ s: (\d+) from the cache, (\d+) analysed/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return { fromCache: Number(match[1]), analysed: Number(match[2]) };
}

function check(root: string, args: string[] = []): CliRun {
  return runCli(['check', '--format', 'json', '--verbose', ...args], { cwd: root });
}

describe('awaitwise check: the cache of results', () => {
  test('a second run takes every result from the cache and prints exactly what an uncached run prints', () => {
    const root = tree();
    assert.deepEqual(counts(check(root)), { fromCache: 0, analysed: 6 });
    assert.equal(readFileSync(join(root, '.awaitwise-cache', '.gitignore'), 'utf8').split('\n').includes('*'), true);
    const cached = ['json', 'text', 'sarif'].map((format) => {
      const uncached = runCli(['check', '--format', format, '--no-cache'], { cwd: root });
      const run = runCli(['check', '--format', format], { cwd: root });
      assert.equal(run.stdout, uncached.stdout, format);
      assert.equal(run.status, uncached.status);
      return run.stdout;
    });
    assert.match(cached[2], /relatedLocations/, 'related locations come back from the cache');
    assert.match(cached[2], /insertedContent/, 'and fixes');
    assert.deepEqual(counts(check(root)), { fromCache: 6, analysed: 0 });
  });

  test('a changed file is analysed again, the others come from the cache', () => {
    const root = tree();
    check(root);
    writeFileSync(join(root, 'app/other.py'), OTHER.replace('await asyncio.sleep(1)', 'asyncio.sleep(1)'));
    const run = check(root);
    assert.deepEqual(counts(run), { fromCache: 5, analysed: 1 });
    assert.ok(ruleLines(parseReport(run)).includes('unawaited-coroutine app/other.py:4'));
  });

  test('other settings are analysed again', () => {
    const root = tree();
    check(root);
    const selected = check(root, ['--select', 'blocking-sleep']);
    assert.deepEqual(counts(selected), { fromCache: 0, analysed: 6 });
    assert.deepEqual(ruleLines(parseReport(selected)), ['blocking-sleep fetch.py:8']);
    assert.deepEqual(counts(check(root, ['--select', 'blocking-sleep'])), { fromCache: 6, analysed: 0 });
    assert.deepEqual(counts(check(root, ['--python-version', '3.9', '--select', 'blocking-sleep'])), { fromCache: 2, analysed: 4 }, 'the Python files');
  });

  test('a function becoming async elsewhere re-analyses the files that call it, and only them', () => {
    const root = tempTree({ 'app/store.py': PLAIN_STORE, 'app/api.py': API, 'app/other.py': OTHER });
    assert.deepEqual(ruleLines(parseReport(check(root))), []);
    writeFileSync(join(root, 'app/store.py'), ASYNC_STORE);
    const run = check(root);
    assert.deepEqual(ruleLines(parseReport(run)), ['unawaited-coroutine app/api.py:4']);
    assert.deepEqual(counts(run), { fromCache: 1, analysed: 2 }, 'store.py changed, api.py calls it, other.py does not');
    // A change that leaves what the index knows as it was reuses the callers' results.
    writeFileSync(join(root, 'app/store.py'), ASYNC_STORE.replace('return record', 'return [record]'));
    assert.deepEqual(counts(check(root)), { fromCache: 2, analysed: 1 });
  });

  test('an async function becoming plain in another JS file re-analyses its importers', () => {
    const root = tree();
    assert.ok(ruleLines(parseReport(check(root))).includes('floating-promise web/cron.js:4'));
    writeFileSync(join(root, 'web/jobs.js'), 'export function run() {}\n');
    const run = check(root);
    assert.ok(!ruleLines(parseReport(run)).includes('floating-promise web/cron.js:4'));
    assert.deepEqual(counts(run), { fromCache: 4, analysed: 2 });
  });

  test('--no-cache neither reads nor writes a cache; --cache-dir chooses where it is kept', () => {
    const root = tree();
    assert.deepEqual(counts(check(root, ['--no-cache'])), { fromCache: 0, analysed: 6 });
    assert.equal(existsSync(join(root, '.awaitwise-cache')), false);
    check(root, ['--cache-dir', 'build-cache']);
    assert.equal(existsSync(join(root, '.awaitwise-cache')), false);
    assert.deepEqual(counts(check(root, ['--cache-dir', 'build-cache'])), { fromCache: 6, analysed: 0 });
    assert.deepEqual(counts(check(root, ['--cache-dir', 'build-cache', '--no-cache'])), { fromCache: 0, analysed: 6 });
  });

  test('a damaged cache is ignored, and replaced', () => {
    const root = tree();
    const expected = runCli(['check', '--format', 'json', '--no-cache'], { cwd: root }).stdout;
    check(root);
    const results = join(root, '.awaitwise-cache', 'results.json');
    const stored = readFileSync(results, 'utf8');
    for (const damaged of ['not a cache', stored.slice(0, stored.length / 2), stored.replace('"findings":[', '"findings":[1,')]) {
      writeFileSync(results, damaged);
      const run = check(root);
      assert.equal(run.stdout, expected);
      assert.deepEqual(counts(run), { fromCache: 0, analysed: 6 });
      assert.doesNotMatch(run.stderr, /error/);
    }
    assert.deepEqual(counts(check(root)), { fromCache: 6, analysed: 0 });
  });

  test('a cache that cannot be written is noted, and the check goes on', () => {
    const root = tree();
    writeFileSync(join(root, 'not-a-folder'), '');
    const run = check(root, ['--cache-dir', 'not-a-folder/cache']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /awaitwise: note: cannot write the cache in not-a-folder\/cache: /);
    assert.equal(parseReport(run).summary.findings, 5);
  });

  test('--fix after a cached run fixes the files, and the next run reports the fixed files from the cache', () => {
    const root = tree();
    const copy = tempTree({});
    cpSync(root, copy, { recursive: true });
    check(root);
    const fixed = check(root, ['--fix']);
    const uncached = runCli(['check', '--format', 'json', '--fix', '--no-cache'], { cwd: copy });
    assert.equal(fixed.stdout, uncached.stdout);
    assert.deepEqual(parseReport(fixed).summary.fixedFiles.map((file) => file.path), ['app/api.py', 'fetch.py']);
    assert.equal(readFileSync(join(root, 'app/api.py'), 'utf8'), readFileSync(join(copy, 'app/api.py'), 'utf8'));
    assert.deepEqual(counts(fixed), { fromCache: 4, analysed: 2 }, 'files with nothing to fix come from the cache');
    const after = check(root);
    assert.deepEqual(counts(after), { fromCache: 6, analysed: 0 });
    assert.equal(after.stdout, runCli(['check', '--format', 'json', '--no-cache'], { cwd: copy }).stdout);
  });

  test('type-checked files are always analysed', () => {
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] });
    const root = tempTree({ 'tsconfig.json': tsconfig, 'src/jobs.ts': JOBS, 'src/cron.ts': CRON.replace('./jobs.js', './jobs'), 'app/other.py': OTHER });
    check(root);
    const run = check(root);
    assert.deepEqual(counts(run), { fromCache: 1, analysed: 2 });
    assert.deepEqual(ruleLines(parseReport(run)), ['floating-promise src/cron.ts:4']);
  });
});
