// Run as its own process by pool.test.ts: starts workers, has them analyse, closes the pool and
// then leaves nothing else to do, so the process exits only if no worker thread outlived it.
import { join } from 'node:path';
import { createAnalysisPool } from '../../server/src/workers/pool';

async function main(): Promise<void> {
  const pool = createAnalysisPool({ workers: 2, fix: false, helpWhileWorkersStart: false, workerScript: join(__dirname, '..', '..', 'dist', 'worker.js') });
  const jobs = ['async def a():\n    pass\n', 'x = 1\n', 'async def b():\n    pass\n', 'y = 2\n'].map((text, index) =>
    pool.summarise({ language: 'python', projectPath: `m${index}.py`, text }),
  );
  await Promise.all(jobs);
  await pool.close();
  process.stdout.write(`closed after ${pool.workersStarted} workers\n`);
}

void main();
