// oxlint with its promise and async rules only. Its type-aware rules (no-floating-promises,
// await-thenable...) need the separate oxlint-tsgolint package, which is not installed, so this
// row is syntactic.
//
// oxlint is installed by the benchmark, not listed in package.json: its package names a native
// binding for every platform as an optional dependency, and a lock file written on one platform
// lacks the others, which makes `npm ci` refuse it.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BENCH_TMP } from '../corpus/files';
import { REPO_ROOT } from '../machine';
import type { Tool } from './tool';

const OXLINT_VERSION = '1.94.0';
const OXLINT_PREFIX = join(REPO_ROOT, '.cache', 'bench', `oxlint-${OXLINT_VERSION}`);
const OXLINT_PACKAGE = join(OXLINT_PREFIX, 'node_modules', 'oxlint');

/** Installs the pinned oxlint under .cache/ the first time; returns its package folder. */
function installedOxlint(): string {
  if (existsSync(join(OXLINT_PACKAGE, 'package.json'))) return OXLINT_PACKAGE;
  const install = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--prefix', OXLINT_PREFIX, `oxlint@${OXLINT_VERSION}`], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`could not install oxlint ${OXLINT_VERSION}: ${install.stderr.trim()}`);
  return OXLINT_PACKAGE;
}

export const OXLINT_RULES = [
  'eslint/no-async-promise-executor',
  'eslint/no-await-in-loop',
  'eslint/no-promise-executor-return',
  'eslint/prefer-promise-reject-errors',
  'eslint/require-await',
  'unicorn/no-await-in-promise-methods',
  'unicorn/no-single-promise-in-promise-methods',
  'unicorn/no-thenable',
  'promise/catch-or-return',
  'promise/no-callback-in-promise',
  'promise/no-multiple-resolved',
  'promise/no-new-statics',
  'promise/no-promise-in-callback',
  'promise/no-return-in-finally',
  'promise/no-return-wrap',
  'promise/param-names',
  'promise/valid-params',
];

export function oxlintTool(): Tool {
  return {
    name: 'oxlint',
    settings: { version: OXLINT_VERSION, rules: OXLINT_RULES, threads: 'default (all cores)', typeAware: false },
    prepare: (corpus) => {
      const config = join(BENCH_TMP, 'oxlintrc.json');
      const rules = Object.fromEntries(OXLINT_RULES.map((rule) => [rule, 'error']));
      writeFileSync(config, JSON.stringify({ plugins: ['eslint', 'unicorn', 'promise'], categories: { correctness: 'off' }, rules }, null, 2));
      return {
        script: join(installedOxlint(), 'bin', 'oxlint'),
        // Only the written config: none that a package might ship is merged in.
        args: ['-c', config, '--disable-nested-config', '-f', 'json', ...corpus.files.map((file) => relative(corpus.root, file))],
        cwd: corpus.root,
        okExitCodes: [0, 1],
      };
    },
    parse: (stdout, corpus) => {
      const report = JSON.parse(stdout) as { diagnostics: unknown[]; number_of_files: number };
      const findings = report.diagnostics.length;
      return report.number_of_files === corpus.files.length ? { findings } : { findings, note: `linted ${report.number_of_files} files` };
    },
  };
}
