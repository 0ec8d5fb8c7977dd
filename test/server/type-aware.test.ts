// Type-aware TS/JS analysis over LSP: a tsconfig.json puts files under a type checker that
// follows the editor's unsaved text, and an edit in one file reaches the findings of another
// open file without restarting anything. The promise here is one only types reveal: `load`
// has no `async` and no return annotation, so syntax alone cannot tell what it returns.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { writeFileSync } from 'node:fs';
import { LspTestClient, type ClientOptions } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] });
const PLAIN = 'export function load() {\n  return 1;\n}\n';
const PROMISING = 'export function load() {\n  return Promise.resolve(1);\n}\n';
const CALLER = "import { load } from './store';\n\nexport function start() {\n  load();\n}\n";
const AWAITING = "import { load } from './store';\n\nexport async function start() {\n  return await load();\n}\n";

const clients: LspTestClient[] = [];
after(() => Promise.all(clients.map((client) => client.dispose())));

async function startIn(files: Record<string, string>, options: ClientOptions = {}) {
  const root = tempTree(files);
  const client = await LspTestClient.start({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'app' }], ...options });
  clients.push(client);
  return { client, root, uri: (path: string) => pathToFileURL(join(root, path)).href };
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${String(diagnostic.code)}`);
}


const RETURN_LINE = { start: { line: 1, character: 9 }, end: { line: 1, character: 10 } };

test('an unsaved edit making a function return a promise updates another open file', async () => {
  const { client, uri } = await startIn({ 'tsconfig.json': TSCONFIG, 'src/store.ts': PLAIN, 'src/main.ts': CALLER });
  const store = uri('src/store.ts');
  const main = uri('src/main.ts');
  await client.open(store, 'typescript', PLAIN);
  await client.open(main, 'typescript', CALLER);
  assert.deepEqual(codes(await client.diagnostics(main)), [], 'load() returns a number');

  await client.edit(store, RETURN_LINE, 'Promise.resolve(1)');
  assert.deepEqual(codes(await client.pullUntil(main, (d) => d.length > 0)), ['3:floating-promise']);

  await client.edit(store, { start: { line: 1, character: 9 }, end: { line: 1, character: 27 } }, '1');
  assert.deepEqual(codes(await client.pullUntil(main, (d) => d.length === 0)), []);
});

test('a change on disk to a file that is not open reaches open files', async () => {
  const { client, root, uri } = await startIn({ 'tsconfig.json': TSCONFIG, 'src/store.ts': PLAIN, 'src/main.ts': CALLER });
  const main = uri('src/main.ts');
  await client.open(main, 'typescript', CALLER);
  assert.deepEqual(codes(await client.diagnostics(main)), []);
  writeFileSync(join(root, 'src/store.ts'), PROMISING);
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('src/store.ts'), type: FileChangeType.Changed }] });
  assert.deepEqual(codes(await client.pullUntil(main, (d) => d.length > 0)), ['3:floating-promise']);
});

test('await-non-thenable runs with types, and awaitwise.typescript.typeAware "off" turns types off', async () => {
  const { client, uri } = await startIn({ 'tsconfig.json': TSCONFIG, 'src/store.ts': PLAIN, 'src/main.ts': AWAITING });
  const main = uri('src/main.ts');
  await client.open(main, 'typescript', AWAITING);
  assert.deepEqual(codes(await client.diagnostics(main)), ['3:await-non-thenable']);
  await client.changeSettings({ typescript: { typeAware: 'off' } });
  assert.deepEqual(codes(await client.pullUntil(main, (d) => d.length === 0)), []);
});

test('files outside every tsconfig are judged from syntax in "auto" and checked in "on"', async () => {
  const files = { 'tsconfig.json': TSCONFIG, 'scripts/store.ts': PLAIN, 'scripts/main.ts': AWAITING };
  const auto = await startIn(files);
  const loose = auto.uri('scripts/main.ts');
  await auto.client.open(loose, 'typescript', AWAITING);
  assert.deepEqual(codes(await auto.client.diagnostics(loose)), [], 'scripts/ is not included by the tsconfig');

  const on = await startIn(files, { settings: { typescript: { typeAware: 'on' } } });
  const forced = on.uri('scripts/main.ts');
  await on.client.open(forced, 'typescript', AWAITING);
  assert.deepEqual(codes(await on.client.diagnostics(forced)), ['3:await-non-thenable']);
});

test('node:test calls are safe by default; awaitwise.typescript.safeCalls replaces the list', async () => {
  const spec = "import { it } from 'node:test';\n\nit('works', async () => undefined);\n";
  const nodeTypes = 'declare module "node:test" {\n  export function it(name: string, fn: () => Promise<void>): Promise<void>;\n}\n';
  const { client, uri } = await startIn({ 'tsconfig.json': TSCONFIG, 'src/node-test.d.ts': nodeTypes, 'src/spec.ts': spec });
  const file = uri('src/spec.ts');
  await client.open(file, 'typescript', spec);
  assert.deepEqual(codes(await client.diagnostics(file)), []);
  await client.changeSettings({ typescript: { safeCalls: [] } });
  assert.deepEqual(codes(await client.pullUntil(file, (d) => d.length > 0)), ['2:floating-promise']);
});
