// What a TS/JS source text contributes to the cross-file index, shared by the server and the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScriptProjectIndex } from '../../server/src/engine';
import { indexScriptText, mayExportPromises } from '../../server/src/workspace/script-index';

test('only texts that can declare a promise function or pass exports on are parsed', () => {
  for (const text of [
    'export async function save() {}',
    'export function load(): Promise<void> {}',
    'export function load(): PromiseLike<void> {}',
    "export * from './store';",
    "export { save } from './store';",
    "import { save } from './store';\nexport { save };",
    "module.exports = require('./store');",
    "const { save } = require('./store');\nmodule.exports = { save };",
  ]) {
    assert.equal(mayExportPromises(text), true, text);
  }
  for (const text of ['export function save() {}', 'export const asyncMode = 1;', 'module.exports = save;', 'export default class Store {}']) {
    assert.equal(mayExportPromises(text), false, text);
  }
});

test('every text records its file; only parsed ones add a summary', () => {
  const index = new ScriptProjectIndex();
  assert.equal(indexScriptText(index, 'src/plain.ts', 'export function save() {}\n'), true, 'the file is now known');
  assert.equal(index.size, 0);
  assert.equal(index.resolve('src/api.ts', './plain'), 'src/plain.ts');
  assert.equal(indexScriptText(index, 'src/plain.ts', 'export function save(x) {}\n'), false, 'still known, still nothing to say');
  assert.equal(indexScriptText(index, 'src/plain.ts', 'export async function save() {}\n'), true);
  assert.equal(index.size, 1);
  assert.equal(index.isPromiseFunction('src/api.ts', './plain.save'), true);
  assert.equal(index.remove('src/plain.ts'), true);
  assert.equal(index.resolve('src/api.ts', './plain'), undefined);
});
