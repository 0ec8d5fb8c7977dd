// ruff's ASYNC rules through @astral-sh/ruff-wasm-nodejs, one Workspace checking file after file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TMP, type Corpus } from '../corpus/files';
import { packageVersion } from '../machine';
import type { Tool } from './tool';

export const RUFF_NAME = 'ruff-wasm (ASYNC)';

export function ruffTool(): Tool {
  return {
    name: RUFF_NAME,
    settings: { version: packageVersion('@astral-sh/ruff-wasm-nodejs'), select: ['ASYNC'], targetVersion: 'py311' },
    prepare: (corpus: Corpus) => {
      const list = join(BENCH_TMP, `ruff-files-${corpus.name}.json`);
      writeFileSync(list, JSON.stringify(corpus.files));
      return { script: join(__dirname, 'ruff-check.cjs'), args: [list], cwd: corpus.root, okExitCodes: [0] };
    },
    parse: (stdout) => {
      const { findings, failures } = JSON.parse(stdout) as { findings: number; failures: number };
      return failures > 0 ? { findings, note: `${failures} files made ruff throw` } : { findings };
    },
  };
}
