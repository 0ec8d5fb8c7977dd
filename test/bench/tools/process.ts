// Runs one tool invocation in its own Node process and measures it: wall time from spawn to
// exit, and peak RSS as the process itself reports it on exit (see report-peak-rss.cjs).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_TMP } from '../corpus/files';

const PRELOAD = join(__dirname, 'report-peak-rss.cjs');

export interface Invocation {
  /** A Node script: the tool's own bin file, run by this Node. */
  script: string;
  args: string[];
  cwd: string;
  /** Exit codes that mean the tool ran to the end (linters exit 1 when they find something). */
  okExitCodes: readonly number[];
}

export interface ProcessSample {
  wallMs: number;
  peakRssMb: number;
  stdout: string;
}

let sequence = 0;

export async function runMeasured(invocation: Invocation): Promise<ProcessSample> {
  const id = `${process.pid}-${sequence++}`;
  const stdoutPath = join(BENCH_TMP, `stdout-${id}`);
  const rssPath = join(BENCH_TMP, `rss-${id}`);
  // Output goes to a file, not a pipe, so that a tool is never slowed down by its reader.
  const stdoutFd = openSync(stdoutPath, 'w');
  let stderr = '';
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, invocation.script, ...invocation.args], {
      cwd: invocation.cwd,
      env: { ...process.env, AWAITWISE_BENCH_RSS_FILE: rssPath, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', stdoutFd, 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', resolve);
  });
  const wallMs = performance.now() - started;
  closeSync(stdoutFd);
  const stdout = readFileSync(stdoutPath, 'utf8');
  const peakRssKb = existsSync(rssPath) ? Number(readFileSync(rssPath, 'utf8')) : Number.NaN;
  rmSync(stdoutPath, { force: true });
  rmSync(rssPath, { force: true });
  if (exitCode === null || !invocation.okExitCodes.includes(exitCode)) {
    throw new Error(`exit code ${exitCode}: ${stderr.trim().split('\n').slice(-8).join('\n') || stdout.slice(0, 500)}`);
  }
  return { wallMs, peakRssMb: peakRssKb / 1024, stdout };
}
