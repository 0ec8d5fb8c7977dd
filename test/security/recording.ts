// Starts the CLI and the language server with outbound-recorder.cjs preloaded (worker threads
// inherit it) and reads back what it recorded. The variables go into this test file's own
// environment: node --test runs each test file in a process of its own, so they reach exactly
// the processes the file starts, through runCli and LspTestClient, which pass their
// environment on.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../cli/harness';
import { tempTree } from '../helpers/temp-tree';

export interface RecordedCall {
  api: string;
  detail: string;
  thread: 'main' | 'worker';
  pid: number;
  stack: string[];
}

const RECORDER = join(__dirname, 'outbound-recorder.cjs');
const DIST = join(REPO_ROOT, 'dist');

/** Preloads the recorder into every Node process started from now on; returns a reader of its records. */
export function recordOutboundCalls(): () => RecordedCall[] {
  const file = join(tempTree({}), 'calls.jsonl');
  process.env.AWAITWISE_RECORD_FILE = file;
  process.env.AWAITWISE_RECORD_OWN_FOLDER = `${DIST}/`;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(RECORDER)}`.trim();
  return () =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as RecordedCall)
      : [];
}

/** A recorded call, one line each, for a failure message. */
export function describeCalls(calls: readonly RecordedCall[]): string {
  return calls.map((call) => `${call.api}(${call.detail}) in the ${call.thread} thread\n    ${call.stack.join('\n    ')}`).join('\n');
}
