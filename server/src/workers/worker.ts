// Entry point of an analysis worker thread (see pool.ts). Messages are handled one at a time,
// in the order they came: the pool counts on it to tell which job was running when a worker
// died.
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../engine';
import { FileAnalyser } from './file-analyser';
import type { FromWorker, ToWorker, WorkerSetup } from './messages';

const port = parentPort!;
const analyser = new FileAnalyser((workerData as WorkerSetup).fix);

async function handle(message: ToWorker): Promise<FromWorker | undefined> {
  switch (message.type) {
    case 'index':
      analyser.setIndex(message.id, message.snapshot);
      return undefined;
    case 'type-checked':
      analyser.setTypeCheckedFiles(message.files);
      return undefined;
    case 'job':
      try {
        return { type: 'done', id: message.id, result: await analyser.run(message.request) };
      } catch (error) {
        return { type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) };
      }
  }
}

// Ready means able to analyse at once: the calling thread stops analysing when a worker is.
let previous = initEngine().then(() => port.postMessage({ type: 'ready' } satisfies FromWorker));
port.on('message', (message: ToWorker) => {
  previous = previous.then(async () => {
    const reply = await handle(message);
    if (reply) port.postMessage(reply);
  });
});
