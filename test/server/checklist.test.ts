// `awaitwise/checklist` over stdio: the checklist of the open file and of the whole workspace
// (files that are not open are read from disk), with locations to open, rule settings taken
// into account, and a notice when files change on disk.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import {
  CHECKLIST_CHANGED_NOTIFICATION,
  CHECKLIST_REQUEST,
  type ChecklistItemView,
  type ChecklistParams,
  type ChecklistResponse,
} from '../../server/src/checklist/protocol';
import type { LspTestClient } from '../helpers/lsp-client';
import { startInWorkspace, type TestWorkspace } from '../helpers/workspace-server';

const POLL = 'import time\n\n\nasync def poll():\n    time.sleep(1)\n';
const READ = 'async def load(path):\n    with open(path) as f:\n        return f.read()\n';
const SAVE = 'async function save(): Promise<void> {}\n\nexport async function main() {\n  save();\n}\n';

function startIn(files: Record<string, string>, settings: unknown = {}): Promise<TestWorkspace> {
  return startInWorkspace(files, { settings });
}

function checklist(client: LspTestClient, params: ChecklistParams): Promise<ChecklistResponse> {
  return client.request<ChecklistResponse>(CHECKLIST_REQUEST, params);
}

function item(response: ChecklistResponse, id: string): ChecklistItemView | undefined {
  return response.sections.flatMap((section) => section.items).find((candidate) => candidate.id === id);
}

test('file scope: the open document decides the items of its language, with locations to open', async () => {
  const { client, uri } = await startIn({ 'poll.py': POLL });
  await client.open(uri('poll.py'), 'python', POLL);
  const response = await checklist(client, { scope: 'file', uri: uri('poll.py') });
  assert.equal(response.scope, 'file');
  assert.equal(response.files, 1);
  assert.equal(response.partial, false);
  const sleep = item(response, 'no-blocking-sleep')!;
  assert.equal(sleep.status, 'fail');
  assert.equal(sleep.findings, 1);
  assert.deepEqual(sleep.locations, [
    {
      uri: uri('poll.py'),
      range: { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } },
      ruleId: 'blocking-sleep',
      message: sleep.locations[0].message,
      severity: 'error',
    },
  ]);
  assert.match(sleep.locations[0].message, /time\.sleep/);
  assert.equal(item(response, 'no-blocking-io')?.status, 'pass');
  const manual = item(response, 'shutdown-tested')!;
  assert.equal(manual.status, 'manual');
  assert.ok(manual.hint && manual.hint.length > 0);
  assert.equal(item(response, 'promises-handled'), undefined, 'TS/JS items are left out for a Python file');

  // The answer follows the editor's text, not the disk.
  await client.edit(uri('poll.py'), { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } }, 'pass');
  assert.equal(item(await checklist(client, { scope: 'file', uri: uri('poll.py') }), 'no-blocking-sleep')?.status, 'pass');
});

test('file scope without a supported open document is empty, so the view shows its welcome', async () => {
  const { client } = await startIn({});
  const response = await checklist(client, { scope: 'file', uri: 'file:///nowhere/readme.md' });
  assert.deepEqual(response.sections, []);
  assert.equal(response.files, 0);
  assert.deepEqual((await checklist(client, { scope: 'file' })).sections, []);
});

test('workspace scope: files that are not open are read from disk, open ones speak for themselves', async () => {
  const { client, root, uri } = await startIn({ 'app/poll.py': POLL, 'app/load.py': READ, 'web/save.ts': SAVE, 'node_modules/x/index.js': 'x();\n' });
  // Opened with the problem already fixed in the editor: its findings come from this text.
  await client.open(uri('app/poll.py'), 'python', 'import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(1)\n');
  const response = await checklist(client, { scope: 'workspace' });
  assert.equal(response.scope, 'workspace');
  assert.equal(response.files, 3);
  assert.equal(item(response, 'no-blocking-sleep')?.status, 'pass');
  const io = item(response, 'no-blocking-io')!;
  assert.equal(io.status, 'fail');
  assert.equal(io.locations.length, io.findings);
  assert.deepEqual(new Set(io.locations.map((location) => `${location.uri} ${location.ruleId}`)), new Set([`${uri('app/load.py')} blocking-file-io`]));
  const promises = item(response, 'promises-handled')!;
  assert.equal(promises.status, 'fail');
  assert.equal(promises.locations[0].uri, uri('web/save.ts'));

  // A file changed on disk: the server says the checklist may have changed, and the next answer reads it again.
  writeFileSync(join(root, 'app/load.py'), 'import anyio\n\n\nasync def load(path):\n    return await anyio.Path(path).read_text()\n');
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('app/load.py'), type: FileChangeType.Changed }] });
  await client.waitFor(CHECKLIST_CHANGED_NOTIFICATION);
  assert.equal(item(await checklist(client, { scope: 'workspace' }), 'no-blocking-io')?.status, 'pass');
});

test('rules turned off in settings leave their items to the reader, excluded files are not counted', async () => {
  const { client } = await startIn(
    { 'poll.py': POLL, 'generated/load.py': READ },
    { rules: { 'blocking-sleep': 'off' }, exclude: ['generated/**'] },
  );
  const response = await checklist(client, { scope: 'workspace' });
  assert.equal(response.files, 1);
  const sleep = item(response, 'no-blocking-sleep')!;
  assert.equal(sleep.status, 'manual');
  assert.deepEqual(sleep.rules, ['blocking-sleep']);
  assert.equal(item(response, 'no-blocking-io')?.status, 'pass');
});
