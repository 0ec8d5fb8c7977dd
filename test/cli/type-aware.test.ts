// `check --type-aware`: with a tsconfig.json the type checker reveals promises syntax cannot
// see (an inferred return type), `off` turns it off, `on` checks loose files too, and fixes
// are judged against the fixed text, not the disk's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli } from './harness';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] });
/** `load` returns a promise only its inferred type reveals. */
const STORE = 'export function load() {\n  return Promise.resolve(1);\n}\n';
const MAIN = "import { load } from './store';\n\nexport async function start() {\n  load();\n  return await 5;\n}\n";
const SPEC = "import { it } from 'node:test';\n\nit('works', async () => undefined);\n";
const NODE_TEST = 'declare module "node:test" {\n  export function it(name: string, fn: () => Promise<void>): Promise<void>;\n}\n';

function check(args: string[], cwd: string): string[] {
  const run = runCli(['check', '--format', 'json', '--select', 'floating-promise,await-non-thenable', ...args], { cwd });
  assert.equal(run.stderr, '');
  return ruleLines(parseReport(run));
}

describe('awaitwise check --type-aware', () => {
  test('auto: files a tsconfig.json includes are type-checked', () => {
    const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/store.ts': STORE, 'src/main.ts': MAIN });
    assert.deepEqual(check([], root), ['floating-promise src/main.ts:4', 'await-non-thenable src/main.ts:5']);
    assert.deepEqual(check(['--type-aware', 'off'], root), []);
  });

  test('auto leaves files outside every config to syntax; on checks them', () => {
    const root = tempTree({ 'tsconfig.json': TSCONFIG, 'scripts/store.ts': STORE, 'scripts/main.ts': MAIN });
    assert.deepEqual(check([], root), []);
    assert.deepEqual(check(['--type-aware', 'on'], root), ['floating-promise scripts/main.ts:4', 'await-non-thenable scripts/main.ts:5']);
  });

  test('an invalid mode is a usage error', () => {
    const run = runCli(['check', '--type-aware', 'maybe'], { cwd: tempTree({}) });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /invalid --type-aware 'maybe': expected auto, on or off/);
  });

  test('node:test calls are safe by default, and --safe-calls replaces the list', () => {
    const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/node-test.d.ts': NODE_TEST, 'src/spec.ts': SPEC });
    assert.deepEqual(check([], root), []);
    assert.deepEqual(check(['--safe-calls', 'other.fn'], root), ['floating-promise src/spec.ts:3']);
  });

  test('--fix re-checks the fixed text with types', () => {
    const caller = "import { load } from './store';\n\nexport async function start() {\n  try {\n    return load();\n  } catch {\n    return 0;\n  }\n}\n";
    const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/store.ts': STORE, 'src/main.ts': caller });
    const run = runCli(['check', '--format', 'json', '--select', 'return-await-in-try,await-non-thenable', '--fix'], { cwd: root });
    assert.deepEqual(ruleLines(parseReport(run)), [], 'the added await is on a promise, so nothing is left');
    assert.match(readFileSync(join(root, 'src/main.ts'), 'utf8'), /return await load\(\);/);
  });
});
