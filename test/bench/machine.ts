// Where the benchmark runs and with what: recorded next to the figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The version of an installed package, read from its package.json. */
export function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function gitCommit(): string | undefined {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}`;
}

export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGb: number;
  /** 1-minute load average when the run started: a busy machine makes slower figures. */
  loadAverage: number;
  os: string;
  node: string;
  awaitwise: { version: string; commit?: string };
  tools: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    awaitwise: { version: manifest.version, commit: gitCommit() },
    tools: Object.fromEntries(
      ['@astral-sh/ruff-wasm-nodejs', 'eslint', 'typescript-eslint', 'typescript'].map((name) => [name, packageVersion(name)]),
    ),
  };
}
