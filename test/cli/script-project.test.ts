// `check` knows the promise-returning functions every checked TS/JS file exports before
// analysing any of them, so calls to them from other files are judged without a type checker.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli } from './harness';

const A = 'export async function save(record: string): Promise<void> {}\n\nexport function validate(record: string): string {\n  return record;\n}\n';
/** Imports `save` from a.ts directly and through the barrel lib/index.ts. */
const B = [
  "import { save, validate } from './a';",
  "import * as store from './lib';",
  '',
  'export async function handle(records: string[]) {',
  '  save(records[0]);',
  '  validate(records[0]);',
  '  records.forEach(save);',
  '  store.save(records[1]);',
  '}',
  '',
].join('\n');
const LIB = "export * from '../a';\n";

function check(args: string[], cwd: string): string[] {
  const run = runCli(['check', '--format', 'json', '--select', 'floating-promise,misused-promise-callback', ...args], { cwd });
  assert.equal(run.stderr, '');
  return ruleLines(parseReport(run));
}

describe('awaitwise check: promise-returning functions across TS/JS files', () => {
  test('an async function imported from another checked file is known', () => {
    const root = tempTree({ 'a.ts': A, 'b.ts': B, 'lib/index.ts': LIB });
    assert.deepEqual(check([], root), ['floating-promise b.ts:5', 'misused-promise-callback b.ts:7', 'floating-promise b.ts:8']);
    // Only the files being checked are indexed.
    assert.deepEqual(check(['b.ts'], root), []);
  });

  test('a file analysed before the file it imports from still knows its exports', () => {
    // `api.js` sorts before `store.js`, and imports it the CommonJS way.
    const root = tempTree({
      'src/api.js': "const { save } = require('./store');\n\nasync function handle(records) {\n  save(records[0]);\n}\n\nmodule.exports = { handle };\n",
      'src/store.js': 'async function save(record) {}\n\nmodule.exports = { save };\n',
    });
    assert.deepEqual(check([], root), ['floating-promise src/api.js:4']);
  });
});
