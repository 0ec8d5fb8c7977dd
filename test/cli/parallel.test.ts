// `--jobs`: worker threads report, and fix, exactly what the main thread alone does, in the
// same order, cross-file findings included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli, type CliRun } from './harness';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] });

/** Python modules calling a coroutine function of another file, two type-checked TS projects, loose JS. */
function project(): Record<string, string> {
  const files: Record<string, string> = {
    'app/store.py': 'import time\n\nasync def save(record):\n    time.sleep(1)\n    return record\n',
    'tsconfig.json': TSCONFIG,
    // `load` returns a promise only its inferred type reveals; the caller's fix is judged with types.
    'src/store.ts': 'export function load() {\n  return Promise.resolve(1);\n}\n',
    'src/main.ts': "import { load } from './store';\n\nexport async function start() {\n  try {\n    return load();\n  } catch {\n    return 0;\n  }\n}\n",
    'src/loop.ts': "import { load } from './store';\n\nexport async function poll() {\n  load();\n}\n",
    'tools/tsconfig.json': TSCONFIG,
    'tools/src/store.ts': 'export function load() {\n  return Promise.resolve(1);\n}\n',
    'tools/src/main.ts': "import { load } from './store';\n\nexport async function start() {\n  try {\n    return load();\n  } catch {\n    return 0;\n  }\n}\n",
    'scripts/jobs.js': 'export async function run() {}\n',
    'scripts/cron.js': "import { run } from './jobs.js';\n\nexport function tick() {\n  run();\n}\n",
  };
  for (let index = 0; index < 40; index++) {
    files[`app/handlers/h${String(index).padStart(2, '0')}.py`] = `from app.store import save\n\nasync def handle_${index}(record):\n    save(record)\n`;
  }
  return files;
}

const ARGS = ['--no-cache', '--select', 'all'];

/** stderr without the --verbose notes, which tell timings. */
function messages(run: CliRun): string {
  return run.stderr
    .split('\n')
    .filter((line) => !/^awaitwise: note: (indexed|checked) /.test(line))
    .join('\n');
}

function workersStarted(run: CliRun): number {
  const match = /\((\d+) worker threads? started\)/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return Number(match[1]);
}

/** Every file of a tree by relative path. */
function contents(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(root, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('awaitwise check --jobs', () => {
  test('worker threads report exactly what the main thread alone does', () => {
    const root = tempTree(project());
    const outputs = ['json', 'text'].map((format) => {
      const alone = runCli(['check', '--format', format, '--jobs', '1', ...ARGS], { cwd: root });
      const workers = runCli(['check', '--format', format, '--jobs', '2', '--verbose', ...ARGS], { cwd: root });
      assert.equal(workers.stdout, alone.stdout);
      assert.equal(messages(workers), alone.stderr);
      assert.equal(workers.status, alone.status);
      // The main thread builds one TypeScript project's program at most: the other's goes to a worker.
      assert.ok(workersStarted(workers) >= 1);
      return workers;
    });
    const report = parseReport(outputs[0]);
    const lines = ruleLines(report);
    assert.ok(lines.includes('unawaited-coroutine app/handlers/h00.py:4'), 'a coroutine of another Python file');
    assert.ok(lines.includes('unawaited-coroutine app/handlers/h39.py:4'));
    assert.ok(lines.includes('floating-promise src/loop.ts:4'), 'a promise only types reveal');
    assert.ok(lines.includes('floating-promise scripts/cron.js:4'), 'an async function of another JS file');
    assert.deepEqual(
      report.findings.map((finding) => finding.path),
      report.findings.map((finding) => finding.path).sort(),
      'in listing order',
    );
  });

  test('checklist: worker threads decide what the main thread alone does', () => {
    const root = tempTree(project());
    const alone = runCli(['checklist', '--format', 'json', '--jobs', '1', ...ARGS], { cwd: root });
    const workers = runCli(['checklist', '--format', 'json', '--jobs', '3', ...ARGS], { cwd: root });
    assert.equal(workers.stdout, alone.stdout);
    assert.equal(workers.status, alone.status);
  });

  test('--fix with worker threads writes what the main thread alone writes', () => {
    const alone = tempTree(project());
    const workers = tempTree(project());
    const aloneRun = runCli(['check', '--fix', '--format', 'json', '--jobs', '1', ...ARGS], { cwd: alone });
    const workersRun = runCli(['check', '--fix', '--format', 'json', '--jobs', '2', ...ARGS], { cwd: workers });
    assert.equal(workersRun.stdout, aloneRun.stdout);
    assert.deepEqual(contents(workers), contents(alone));
    const fixed = contents(workers);
    assert.match(fixed['app/handlers/h00.py'], /await save\(record\)/);
    assert.match(fixed['src/main.ts'], /return await load\(\);/);
    assert.match(fixed['tools/src/main.ts'], /return await load\(\);/);
    assert.ok(parseReport(workersRun).summary.fixesApplied >= 43);
  });

  test('--jobs takes a whole number of at least 1', () => {
    const root = tempTree({ 'a.py': 'x = 1\n' });
    for (const value of ['0', 'two', '1.5']) {
      const run = runCli(['check', '--jobs', value], { cwd: root });
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`invalid --jobs '${value.replace('.', '\\.')}': expected a whole number of at least 1`));
    }
  });
});
