// The cross-file coroutine index over LSP: a workspace folder is scanned in the background,
// open documents feed it their editor text, watched-file events feed it the files that are not
// open, and every change reaches the other open documents through a diagnostics refresh (or a
// re-publish for clients that do not pull).
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  FileChangeType,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { LspTestClient, PUSH_CLIENT_CAPABILITIES, type ClientOptions } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';
import { disposeAfterTests, startInWorkspace, type TestWorkspace } from '../helpers/workspace-server';

const STORE = 'async def save(record):\n    return record\n';
const SYNC_STORE = 'def save(record):\n    return record\n';
/** `save(record)` on line 4 (index 3) drops a coroutine while store.py defines `async def save`. */
const API = 'from app.store import save\n\nasync def handle(record):\n    save(record)\n';
const RELATIVE_API = 'from .store import save\n\nasync def handle(record):\n    save(record)\n';


const startIn = (files: Record<string, string>, options: ClientOptions = {}): Promise<TestWorkspace> => startInWorkspace(files, options);

function unawaited(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === 'unawaited-coroutine').map((diagnostic) => `${diagnostic.range.start.line}: ${diagnostic.message}`);
}

const SAVE_FINDING = ["3: 'save()' returns a coroutine that is never awaited, so its body never runs"];


/** Resolves once the start-up scan of the folder has finished (it logs a summary). */
async function scanned(client: LspTestClient): Promise<string> {
  const { message } = await client.waitFor<{ message: string }>('window/logMessage', (log) => log.message.startsWith('Cross-file index of'));
  return message;
}


/** Tells the server a file changed on disk; it reads the file afterwards, in the background. */
function notifyWatched(client: LspTestClient, uri: string, type: FileChangeType): Promise<void> {
  return client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
}

test('a coroutine function defined in a file that is not open is found by the start-up scan', async () => {
  const { client, uri } = await startIn({ 'app/store.py': STORE, 'app/api.py': API, 'app/views.py': RELATIVE_API });
  const api = uri('app/api.py');
  await client.open(api, 'python', API);
  assert.deepEqual(unawaited(await client.pullUntil(api, (diagnostics) => unawaited(diagnostics).length > 0)), SAVE_FINDING);

  // Relative imports resolve against the file's place in the workspace folder.
  const views = uri('app/views.py');
  await client.open(views, 'python', RELATIVE_API);
  assert.deepEqual(unawaited(await client.diagnostics(views)), SAVE_FINDING);
});

test('the scan reports what it indexed and leaves out files excluded by awaitwise.exclude', async () => {
  const { client, uri } = await startIn(
    { 'app/store.py': STORE, 'app/api.py': API, 'app/plain.py': 'def helper():\n    return 1\n' },
    { settings: { exclude: ['app/store.py'] } },
  );
  assert.match(await scanned(client), /: 2 Python files listed, 1 indexed \(\d+ ms\)\.$/, 'api.py and plain.py listed; api.py has async def');
  const api = uri('app/api.py');
  await client.open(api, 'python', API);
  assert.deepEqual(unawaited(await client.diagnostics(api)), [], 'store.py is excluded, so save() is unknown');
});

test('editing an open file updates the findings of other open files, without reopening them', async () => {
  const { client, uri } = await startIn({ 'app/store.py': STORE, 'app/api.py': API });
  await scanned(client);
  const store = uri('app/store.py');
  const api = uri('app/api.py');
  await client.open(store, 'python', STORE);
  await client.open(api, 'python', API);
  assert.deepEqual(unawaited(await client.diagnostics(api)), SAVE_FINDING);

  const asyncKeyword = { start: { line: 0, character: 0 }, end: { line: 0, character: 'async '.length } };
  await client.refreshedAfter(async () => {
    await client.edit(store, asyncKeyword, '');
    await client.diagnostics(store); // the editor pulls the edited file, whose analysis updates the index
  });
  assert.deepEqual(unawaited(await client.diagnostics(api)), [], 'save is a plain function now');

  await client.refreshedAfter(async () => {
    await client.edit(store, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'async ');
    await client.diagnostics(store);
  });
  assert.deepEqual(unawaited(await client.diagnostics(api)), SAVE_FINDING);

  // Closing without saving: the disk, where save is still async, speaks for the file again.
  await client.refreshedAfter(async () => {
    await client.edit(store, asyncKeyword, '');
    await client.diagnostics(store);
  });
  assert.deepEqual(unawaited(await client.diagnostics(api)), []);
  await client.close(store);
  assert.deepEqual(unawaited(await client.pullUntil(api, (diagnostics) => unawaited(diagnostics).length > 0)), SAVE_FINDING);
});

test('watched-file events update the index for files that are not open: created, changed, deleted', async () => {
  const { client, root, uri } = await startIn({ 'app/api.py': API });
  await scanned(client);
  const api = uri('app/api.py');
  const storePath = join(root, 'app', 'store.py');
  const store = uri('app/store.py');
  await client.open(api, 'python', API);
  assert.deepEqual(unawaited(await client.diagnostics(api)), [], 'no store.py yet');
  // The disk is read after the event arrives: each step pulls until the refresh it causes.
  const found = (diagnostics: Diagnostic[]): boolean => unawaited(diagnostics).length > 0;

  writeFileSync(storePath, STORE);
  await notifyWatched(client, store, FileChangeType.Created);
  assert.deepEqual(unawaited(await client.pullUntil(api, found)), SAVE_FINDING);

  writeFileSync(storePath, SYNC_STORE);
  await notifyWatched(client, store, FileChangeType.Changed);
  await client.pullUntil(api, (diagnostics) => !found(diagnostics));

  writeFileSync(storePath, STORE);
  await notifyWatched(client, store, FileChangeType.Changed);
  await client.pullUntil(api, found);

  rmSync(storePath);
  await notifyWatched(client, store, FileChangeType.Deleted);
  await client.pullUntil(api, (diagnostics) => !found(diagnostics));
});

test('files in skipped folders (virtualenvs...) are not indexed, whether scanned, opened or changed', async () => {
  const library = '.venv/lib/app/store.py';
  const { client, root, uri } = await startIn({ [library]: STORE, 'app/api.py': API });
  assert.match(await scanned(client), /: 1 Python files listed/, 'only app/api.py');
  const api = uri('app/api.py');
  await client.open(api, 'python', API);
  await client.open(uri(library), 'python', STORE);
  await client.diagnostics(uri(library)); // analysed, but not recorded in the index
  assert.deepEqual(unawaited(await client.diagnostics(api)), []);

  // Sent with a change the index does take; once that one shows, the whole event was handled.
  const worker = uri('app/worker.py');
  await client.open(worker, 'python', 'from app.jobs import run\n\nasync def work():\n    run()\n');
  writeFileSync(join(root, 'app', 'jobs.py'), 'async def run():\n    pass\n');
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [
      { uri: uri(library), type: FileChangeType.Changed },
      { uri: uri('app/jobs.py'), type: FileChangeType.Created },
    ],
  });
  await client.pullUntil(worker, (diagnostics) => unawaited(diagnostics).length > 0);
  assert.deepEqual(unawaited(await client.diagnostics(api)), []);
});

test('files outside every workspace folder get no cross-file knowledge until a folder holds them', async () => {
  const root = tempTree({ 'app/store.py': STORE, 'app/api.py': API });
  const client = await LspTestClient.start();
  disposeAfterTests(client);
  const api = pathToFileURL(join(root, 'app', 'api.py')).href;
  await client.open(api, 'python', API);
  assert.deepEqual(unawaited(await client.diagnostics(api)), []);

  await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: { added: [{ uri: pathToFileURL(root).href, name: 'shop' }], removed: [] },
  });
  assert.deepEqual(unawaited(await client.pullUntil(api, (diagnostics) => unawaited(diagnostics).length > 0)), SAVE_FINDING);
});

test('a client that does not pull gets the other documents re-published', async () => {
  const { client, uri } = await startIn({ 'app/store.py': STORE, 'app/api.py': API }, { capabilities: PUSH_CLIENT_CAPABILITIES });
  const api = uri('app/api.py');
  const store = uri('app/store.py');
  const publishedFor = (target: string, check: (diagnostics: Diagnostic[]) => boolean): Promise<PublishDiagnosticsParams> =>
    client.waitFor<PublishDiagnosticsParams>(PublishDiagnosticsNotification.method, (params) => params.uri === target && check(params.diagnostics));
  await scanned(client); // so that every publication of api.py from now on has the finding
  await client.open(api, 'python', API);
  await publishedFor(api, (diagnostics) => unawaited(diagnostics).length > 0);

  await client.open(store, 'python', STORE);
  await client.edit(store, { start: { line: 0, character: 0 }, end: { line: 0, character: 'async '.length } }, '');
  await publishedFor(api, (diagnostics) => unawaited(diagnostics).length === 0);
});
