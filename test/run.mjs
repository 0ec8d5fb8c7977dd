// Runs every `*.test.ts` under test/ (except the e2e suite, which has its own command) with
// node's test runner, TypeScript loaded through tsx. Pass paths or substrings to narrow.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const skip = new Set(['fixtures', 'e2e', 'desktop']);

function find(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) found.push(...find(path));
    } else if (name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found;
}

const filters = process.argv.slice(2);
const files = find(root).filter((file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=120000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
