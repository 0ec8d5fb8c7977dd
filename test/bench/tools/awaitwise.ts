// The product's CLI, `awaitwise check`, as a measured tool.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import type { Corpus } from '../corpus/files';
import { REPO_ROOT } from '../machine';
import type { Tool } from './tool';

const CLI = `${REPO_ROOT}/dist/cli.js`;

export interface CliFeatures {
  /** `--no-cache`: without it a cache would make every run after the first a cache hit. */
  noCache: boolean;
  /** `--jobs`: worker threads; the CLI's default is used either way, and recorded. */
  jobs: boolean;
  /** `--isolated`: no configuration file near a corpus changes what is checked (peers get theirs named). */
  isolated: boolean;
}

/** What this build of the CLI supports, read from its help. */
export function cliFeatures(): CliFeatures {
  const help = spawnSync(process.execPath, [CLI, 'check', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`${CLI} check --help failed: ${help.stderr}`);
  const has = (option: string): boolean => new RegExp(`^\\s+${option}\\b`, 'm').test(help.stdout);
  return { noCache: has('--no-cache'), jobs: has('--jobs'), isolated: has('--isolated') };
}

export type TypeAwareMode = 'auto' | 'on' | 'off';

/** The row label: the command as run, without the flags every row shares. */
export function awaitwiseName(typeAware?: TypeAwareMode): string {
  return typeAware ? `awaitwise check --type-aware ${typeAware}` : 'awaitwise check';
}

export function awaitwiseTool(features: CliFeatures, typeAware?: TypeAwareMode): Tool {
  const flags = [
    'check',
    '--format',
    'json',
    '--exit-zero',
    ...(features.noCache ? ['--no-cache'] : []),
    ...(features.isolated ? ['--isolated'] : []),
    ...(typeAware ? ['--type-aware', typeAware] : []),
  ];
  return {
    name: awaitwiseName(typeAware),
    settings: { flags, jobsOption: features.jobs ? 'supported, CLI default used' : 'not in this build' },
    prepare: (corpus: Corpus) => ({
      script: CLI,
      // Every tool gets the same file list; files named explicitly are always checked.
      args: [...flags, ...corpus.files.map((file) => relative(corpus.root, file))],
      cwd: corpus.root,
      okExitCodes: [0],
    }),
    parse: (stdout, corpus) => {
      const { summary } = JSON.parse(stdout) as { summary: { findings: number; filesChecked: number } };
      return summary.filesChecked === corpus.files.length ? { findings: summary.findings } : { findings: summary.findings, note: `checked ${summary.filesChecked} files` };
    },
  };
}
