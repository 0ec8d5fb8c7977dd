// The analysis pool on its own: answers in the caller's order from worker threads, the same as
// in the calling thread; a failing job or a dying worker costs that job only; affinity keeps
// jobs in one worker; closing leaves no thread behind. Runs the built worker (dist/worker.js).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultRuleSeverities, type SourceLanguage } from '../../server/src/engine';
import type { AnalysisJob, FileSettings } from '../../server/src/workers/jobs';
import { createAnalysisPool, type AnalysisPool, type AnalysisPoolOptions } from '../../server/src/workers/pool';

const REPO_ROOT = join(__dirname, '..', '..');
const WORKER = join(REPO_ROOT, 'dist', 'worker.js');
const STAND_IN = join(__dirname, 'stand-in-worker.cjs');

const SETTINGS: FileSettings = { rules: Object.fromEntries(defaultRuleSeverities()), blockingCalls: [], startableFunctions: [], safeCalls: [] };
const STORE = 'async def save(record):\n    return record\n';
const CALLER = 'from app.store import save\n\nasync def handle(record):\n    save(record)\n';
const CLEAN = 'from app.store import save\n\nasync def handle(record):\n    await save(record)\n';

function job(index: number, text: string, language: SourceLanguage = 'python'): AnalysisJob {
  return { filePath: `/project/app/module${index}.py`, language, text, index: 'project', projectPath: `app/module${index}.py`, settings: SETTINGS };
}

/** A pool whose index knows `app.store.save` is a coroutine function. */
async function poolWithIndex(options: Partial<AnalysisPoolOptions>): Promise<AnalysisPool> {
  assert.ok(existsSync(WORKER), `${WORKER} is missing: run 'npm run build' first`);
  const pool = createAnalysisPool({ workers: 2, fix: false, helpWhileWorkersStart: false, workerScript: WORKER, ...options });
  const store = await pool.summarise({ language: 'python', projectPath: 'app/store.py', text: STORE });
  assert.equal(store.language, 'python');
  pool.setIndex('project', { python: [['app/store.py', store.summary!]], scripts: [] });
  return pool;
}

/** Rule ids per job, for 24 jobs alternating a dropped coroutine and a clean file. */
async function analyseMany(pool: AnalysisPool): Promise<string[][]> {
  const outcomes = await Promise.all(Array.from({ length: 24 }, (_, index) => pool.analyse(job(index, index % 2 === 0 ? CALLER : CLEAN))));
  return outcomes.map((outcome) => outcome.findings.map((finding) => finding.ruleId));
}

describe('analysis pool', () => {
  test('answers in the order asked, reading the cross-file index, as the calling thread alone does', async () => {
    const workers = await poolWithIndex({});
    const inline = await poolWithIndex({ workers: 0 });
    try {
      const expected = Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? ['unawaited-coroutine'] : []));
      assert.deepEqual(await analyseMany(workers), expected);
      assert.deepEqual(await analyseMany(inline), expected);
      assert.equal(workers.workersStarted, 2);
      assert.equal(inline.workersStarted, 0);
    } finally {
      await Promise.all([workers.close(), inline.close()]);
    }
  });

  test('with fixing on, answers with the fixed text and its findings', async () => {
    const pool = await poolWithIndex({ fix: true });
    try {
      const outcome = await pool.analyse(job(1, CALLER));
      assert.deepEqual(outcome.findings.map((finding) => finding.ruleId), ['unawaited-coroutine']);
      assert.deepEqual(outcome.fixed, { text: CLEAN, applied: 1, findings: [], withheld: false });
      assert.deepEqual(outcome.queried, ['app.store']);
    } finally {
      await pool.close();
    }
  });

  test('a job that throws fails alone', async () => {
    const pool = await poolWithIndex({});
    try {
      const failing = pool.analyse(job(1, 'x = 1\n', 'cobol' as SourceLanguage));
      const passing = pool.analyse(job(2, CALLER));
      await assert.rejects(failing, /unsupported language 'cobol'/);
      assert.deepEqual((await passing).findings.map((finding) => finding.ruleId), ['unawaited-coroutine']);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies fails the job it was running; a replacement does the rest', async () => {
    const pool = createAnalysisPool({ workers: 2, fix: false, helpWhileWorkersStart: false, workerScript: STAND_IN });
    try {
      const texts = ['a', 'die', 'b', 'c', 'd', 'e', 'f'];
      const settled = await Promise.allSettled(texts.map((text, index) => pool.analyse(job(index, text))));
      assert.deepEqual(
        settled.map((outcome) => outcome.status),
        texts.map((text) => (text === 'die' ? 'rejected' : 'fulfilled')),
      );
      const died = settled[1] as PromiseRejectedResult;
      assert.match((died.reason as Error).message, /the worker thread analysing it stopped \(exit code 3\)/);
      assert.equal(pool.workersStarted, 3);
    } finally {
      await pool.close();
    }
  });

  test('jobs of one affinity run in one worker', async () => {
    const pool = createAnalysisPool({ workers: 2, fix: false, helpWhileWorkersStart: false, workerScript: STAND_IN });
    try {
      const jobs = Array.from({ length: 12 }, (_, index) => pool.analyse(job(index, String(index)), index % 2 === 0 ? 'one project' : 'another'));
      const threads = (await Promise.all(jobs)).map((outcome) => (outcome as unknown as { threadId: number }).threadId);
      assert.equal(new Set(threads.filter((_, index) => index % 2 === 0)).size, 1);
      assert.equal(new Set(threads.filter((_, index) => index % 2 === 1)).size, 1);
      assert.notEqual(threads[0], threads[1], 'two projects, two workers');
    } finally {
      await pool.close();
    }
  });

  test('when no worker can start, the calling thread does the work', async () => {
    const failures: string[] = [];
    const pool = await poolWithIndex({ workerScript: join(__dirname, 'missing-worker.js'), onWorkerFailure: (reason) => failures.push(reason) });
    try {
      assert.deepEqual((await pool.analyse(job(1, CALLER))).findings.map((finding) => finding.ruleId), ['unawaited-coroutine']);
      assert.ok(failures.length > 0);
      assert.match(failures[0], /missing-worker\.js/);
    } finally {
      await pool.close();
    }
  });

  test('jobs still waiting when the pool closes are rejected', async () => {
    const pool = createAnalysisPool({ workers: 1, fix: false, helpWhileWorkersStart: false, workerScript: STAND_IN });
    const waiting = assert.rejects(pool.analyse(job(1, 'a')), /the analysis pool was closed/);
    await pool.close();
    await waiting;
  });

  test('closing stops every worker thread: the process exits', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'close-pool.ts')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.signal, null, 'the process had to be killed: a thread kept it alive');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'closed after 2 workers\n');
  });
});
