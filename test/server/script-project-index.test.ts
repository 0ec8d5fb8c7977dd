// The TS/JS cross-file index over LSP, without a type checker: the start-up scan finds the
// promise-returning exports of files that are not open, open documents feed it their editor
// text, watched-file events the files that are not open, and every change reaches the other
// open documents through a diagnostics refresh.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import type { LspTestClient } from '../helpers/lsp-client';
import { startInWorkspace, type TestWorkspace } from '../helpers/workspace-server';

const A = 'export async function save(record: string) {\n  return record;\n}\n';
/** `save(record)` on line 4 (index 3) drops a promise while a.ts exports `async function save`. */
const B = "import { save } from './a';\n\nexport async function handle(record: string) {\n  save(record);\n}\n";
const SAVE_FINDING = ["3: 'save()' returns a promise that is neither awaited nor handled"];

const startIn = (files: Record<string, string>): Promise<TestWorkspace> => startInWorkspace(files);

function floating(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === 'floating-promise').map((diagnostic) => `${diagnostic.range.start.line}: ${diagnostic.message}`);
}


/** Resolves once the start-up scan has finished, with its TS/JS summary line. */
async function scanned(client: LspTestClient): Promise<string> {
  const { message } = await client.waitFor<{ message: string }>('window/logMessage', (log) => log.message.startsWith('Cross-file TS/JS index of'));
  return message;
}


const found = (diagnostics: Diagnostic[]): boolean => floating(diagnostics).length > 0;

test('an async function exported by a file that is not open is found by the start-up scan; node_modules is not scanned', async () => {
  const { client, uri } = await startIn({ 'src/a.ts': A, 'src/b.ts': B, 'src/plain.ts': 'export const x = 1;\n', 'node_modules/lib/index.js': A });
  // a.ts and b.ts declare async functions; plain.ts is listed but says nothing; node_modules is skipped.
  assert.match(await scanned(client), /: 3 files listed, 2 indexed\.$/);
  const b = uri('src/b.ts');
  await client.open(b, 'typescript', B);
  assert.deepEqual(floating(await client.pullUntil(b, found)), SAVE_FINDING);
});

test('editing an open TS file updates the findings of other open files, and closing it lets the disk speak', async () => {
  const { client, uri } = await startIn({ 'a.ts': A, 'b.ts': B });
  await scanned(client);
  const a = uri('a.ts');
  const b = uri('b.ts');
  await client.open(a, 'typescript', A);
  await client.open(b, 'typescript', B);
  assert.deepEqual(floating(await client.diagnostics(b)), SAVE_FINDING);

  const asyncKeyword = { start: { line: 0, character: 'export '.length }, end: { line: 0, character: 'export async '.length } };
  await client.refreshedAfter(async () => {
    await client.edit(a, asyncKeyword, '');
    await client.diagnostics(a); // the editor pulls the edited file, whose analysis updates the index
  });
  assert.deepEqual(floating(await client.diagnostics(b)), [], 'save is a plain function now');

  await client.refreshedAfter(async () => {
    await client.edit(a, { start: asyncKeyword.start, end: asyncKeyword.start }, 'async ');
    await client.diagnostics(a);
  });
  assert.deepEqual(floating(await client.diagnostics(b)), SAVE_FINDING);

  // Closing without saving: the disk, where save is still async, speaks for the file again.
  await client.refreshedAfter(async () => {
    await client.edit(a, asyncKeyword, '');
    await client.diagnostics(a);
  });
  assert.deepEqual(floating(await client.diagnostics(b)), []);
  await client.close(a);
  assert.deepEqual(floating(await client.pullUntil(b, found)), SAVE_FINDING);
});

test('watched-file events update the TS/JS index for files that are not open', async () => {
  const { client, root, uri } = await startIn({ 'b.ts': B });
  await scanned(client);
  const b = uri('b.ts');
  await client.open(b, 'typescript', B);
  assert.deepEqual(floating(await client.diagnostics(b)), [], 'no a.ts yet');

  writeFileSync(join(root, 'a.ts'), A);
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('a.ts'), type: FileChangeType.Created }] });
  assert.deepEqual(floating(await client.pullUntil(b, found)), SAVE_FINDING);

  writeFileSync(join(root, 'a.ts'), A.replace('async ', ''));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('a.ts'), type: FileChangeType.Changed }] });
  await client.pullUntil(b, (diagnostics) => !found(diagnostics));
});
