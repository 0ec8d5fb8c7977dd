// `npm run test:e2e`: installs code-server and Node 24 when missing (cached under .cache/e2e),
// then runs the end-to-end suite in a real workbench. Chromium must be installed (Debian's).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;

function node(args) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

node([join(here, 'install.ts')]);
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .map((name) => join(here, name));
// One workbench per file, steps in order: files run one after another.
node(['--test', '--test-concurrency=1', '--test-timeout=900000', ...files]);
