// The server's memory after a full garbage collection, read through tools/report-heap-on-signal.cjs:
// the server is started with that preload and `--expose-gc`, and each sample is a SIGUSR2 that
// the server answers by writing its figures to a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../machine';
import type { BenchClient, StartOptions } from './client';

const PRELOAD = join(REPO_ROOT, 'test', 'bench', 'tools', 'report-heap-on-signal.cjs');

/** How long the server may take to get to the signal (it handles it between messages). */
const SAMPLE_TIMEOUT_MS = 30_000;
const POLL_MS = 20;

export interface MemoryFigures {
  /** Resident set size. */
  rssMb: number;
  /** The V8 heap in use. */
  heapUsedMb: number;
  /** Memory outside the V8 heap held by JavaScript objects: buffers, and the parser's WebAssembly memory. */
  externalMb: number;
}

interface Reported {
  sample: number;
  collected: boolean;
  rss: number;
  heapUsed: number;
  external: number;
}

const MB = 1024 * 1024;

export class HeapProbe {
  private taken = 0;

  /** `file`: where the server writes its figures; any writable path. */
  constructor(private readonly file: string) {}

  /** What `BenchClient.start` needs for the server to answer samples. */
  startOptions(): Pick<StartOptions, 'nodeArgs' | 'env'> {
    return { nodeArgs: ['--expose-gc', '--require', PRELOAD], env: { ...process.env, AWAITWISE_BENCH_HEAP_FILE: this.file } };
  }

  async sample(client: BenchClient): Promise<MemoryFigures> {
    const wanted = ++this.taken;
    process.kill(client.pid, 'SIGUSR2');
    for (let waited = 0; waited < SAMPLE_TIMEOUT_MS; waited += POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const reported = this.read();
      if (reported && reported.sample >= wanted) {
        if (!reported.collected) throw new Error('the server could not collect garbage before the sample (no --expose-gc)');
        return { rssMb: reported.rss / MB, heapUsedMb: reported.heapUsed / MB, externalMb: reported.external / MB };
      }
    }
    throw new Error(`the server did not report its memory within ${SAMPLE_TIMEOUT_MS / 1000} s`);
  }

  /** The last figures written, or undefined before the first (or while one is half written). */
  private read(): Reported | undefined {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Reported;
    } catch {
      return undefined;
    }
  }
}
