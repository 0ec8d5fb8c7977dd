// Whole-workspace analysis over LSP: `awaitwise.scope`, workspace/diagnostic (a long poll with
// partial results), published diagnostics for clients that do not pull, progress with
// cancellation, and upkeep driven by file events and the cross-file index.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type ClientCapabilities,
  type PublishDiagnosticsParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { PULL_CLIENT_CAPABILITIES, PUSH_CLIENT_CAPABILITIES, type LspTestClient } from '../helpers/lsp-client';
import { startInWorkspace, type TestWorkspace } from '../helpers/workspace-server';

const STORE = 'async def save(order):\n    return order\n';
const WORKER = 'from app.store import save\n\n\nasync def handle(order):\n    save(order)\n';
const CLEAN = 'import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n';
const SLEEPY = 'import time\n\n\nasync def tick():\n    time.sleep(1)\n';

interface WorkspacePull {
  reports: WorkspaceDocumentDiagnosticReport[];
  /** Result ids to send back, as a client keeps them. */
  known: { uri: string; value: string }[];
}

/** One workspace/diagnostic request; `known` is what the client already has. */
async function pullWorkspace(client: LspTestClient, known: { uri: string; value: string }[] = []): Promise<WorkspacePull> {
  const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: known });
  const ids = new Map(known.map(({ uri, value }) => [uri, value]));
  for (const item of report.items) {
    if (item.kind === 'full' && item.resultId) ids.set(item.uri, item.resultId);
    else if (item.kind === 'full') ids.delete(item.uri);
  }
  return { reports: report.items, known: [...ids].map(([uri, value]) => ({ uri, value })) };
}

function rulesByFile(workspace: TestWorkspace, reports: readonly WorkspaceDocumentDiagnosticReport[]): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  for (const report of reports) {
    const path = report.uri.slice(workspace.uri('').length).replace(/^\//, '');
    byFile[path] = report.kind === 'full' ? report.items.map((diagnostic) => String(diagnostic.code)) : ['unchanged'];
  }
  return byFile;
}

/**
 * Pulls again and again (as a client does) until `done` holds for every report received;
 * re-analyses may arrive over more than one answer.
 */
async function pullUntil(
  workspace: TestWorkspace,
  known: { uri: string; value: string }[],
  done: (byFile: Record<string, string[]>) => boolean,
): Promise<{ byFile: Record<string, string[]>; known: { uri: string; value: string }[] }> {
  const byFile: Record<string, string[]> = {};
  let current = known;
  for (;;) {
    const pulled = await pullWorkspace(workspace.client, current);
    Object.assign(byFile, rulesByFile(workspace, pulled.reports));
    current = pulled.known;
    if (done(byFile)) return { byFile, known: current };
  }
}

async function fileChanged(workspace: TestWorkspace, path: string, text: string | undefined): Promise<void> {
  if (text === undefined) rmSync(join(workspace.root, path));
  else writeFileSync(join(workspace.root, path), text);
  const type = text === undefined ? FileChangeType.Deleted : FileChangeType.Changed;
  await workspace.client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: workspace.uri(path), type }] });
}

test('workspace scope reports every listed file that is not open, skipping dependency folders and excluded files', async () => {
  const workspace = await startInWorkspace(
    {
      'app/store.py': STORE,
      'app/worker.py': WORKER,
      'app/clock.py': CLEAN,
      'generated/slow.py': SLEEPY,
      'node_modules/lib/index.js': 'fetch(url);\n',
      'web/save.ts': 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n',
    },
    { settings: { exclude: ['generated/**'] } },
  );
  const { reports } = await pullWorkspace(workspace.client);
  assert.deepEqual(rulesByFile(workspace, reports), {
    'app/clock.py': [],
    'app/store.py': [],
    'app/worker.py': ['unawaited-coroutine'],
    'web/save.ts': ['floating-promise'],
  });
  const worker = reports.find((report) => report.uri.endsWith('worker.py'))!;
  assert.equal(worker.kind, 'full');
  assert.equal(worker.version, null);
  assert.ok(worker.resultId);
  if (worker.kind === 'full') assert.deepEqual(worker.items[0].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 15 } });
});

test('a change re-analyses the changed file and the files that asked the index about it, nothing else', async () => {
  const workspace = await startInWorkspace({ 'app/store.py': STORE, 'app/worker.py': WORKER, 'app/clock.py': CLEAN });
  const first = await pullWorkspace(workspace.client);
  assert.equal(first.reports.length, 3);

  // Nothing changed: the request waits; a file event then answers it with that file alone.
  const waiting = pullWorkspace(workspace.client, first.known);
  await fileChanged(workspace, 'app/clock.py', SLEEPY);
  const second = await waiting;
  assert.deepEqual(rulesByFile(workspace, second.reports), { 'app/clock.py': ['blocking-sleep'] });

  // `save` stops being a coroutine function: worker.py, which asked about app.store, is analysed
  // again; clock.py, which asked nothing, is not (a new analysis would carry a new result id).
  const third = pullUntil(workspace, second.known, (byFile) => 'app/worker.py' in byFile);
  await fileChanged(workspace, 'app/store.py', 'def save(order):\n    return order\n');
  assert.deepEqual((await third).byFile, { 'app/store.py': [], 'app/worker.py': [] });
});

test('open documents are left to document pulls; a closed one is reported again, and a deleted file is cleared', async () => {
  const workspace = await startInWorkspace({ 'app/store.py': STORE, 'app/worker.py': WORKER, 'app/clock.py': SLEEPY });
  const { client } = workspace;
  await client.open(workspace.uri('app/clock.py'), 'python', CLEAN);
  const first = await pullWorkspace(client);
  assert.deepEqual(Object.keys(rulesByFile(workspace, first.reports)).sort(), ['app/store.py', 'app/worker.py']);

  const afterClose = pullWorkspace(client, first.known);
  await client.close(workspace.uri('app/clock.py'));
  assert.deepEqual(rulesByFile(workspace, (await afterClose).reports), { 'app/clock.py': ['blocking-sleep'] });

  const known = (await pullWorkspace(client)).known;
  const afterDelete = pullWorkspace(client, known);
  await fileChanged(workspace, 'app/worker.py', undefined);
  const deleted = (await afterDelete).reports;
  assert.deepEqual(rulesByFile(workspace, deleted), { 'app/worker.py': [] });
  assert.equal(deleted[0].kind === 'full' && deleted[0].resultId, undefined, 'a cleared file has no result id to send back');
});

test('switching the scope to openFiles clears what the workspace reported', async () => {
  const workspace = await startInWorkspace({ 'app/clock.py': SLEEPY, 'app/worker.py': WORKER, 'app/store.py': STORE });
  const first = await pullWorkspace(workspace.client);
  assert.equal(first.reports.length, 3);
  const waiting = pullWorkspace(workspace.client, first.known);
  await workspace.client.changeSettings({ scope: 'openFiles' });
  const cleared = (await waiting).reports;
  assert.deepEqual(rulesByFile(workspace, cleared), { 'app/clock.py': [], 'app/store.py': [], 'app/worker.py': [] });
});

test('partial results stream through the token the client gave', async () => {
  const workspace = await startInWorkspace({ 'a.py': SLEEPY, 'b.py': CLEAN });
  const report = await workspace.client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'partial-1' });
  assert.deepEqual(report.items, [], 'everything went out as partial results');
  const partial = await workspace.client.waitFor<{ token: string; value: { items: WorkspaceDocumentDiagnosticReport[] } }>('$/progress', (params) => params.token === 'partial-1');
  assert.deepEqual(rulesByFile(workspace, partial.value.items), { 'a.py': ['blocking-sleep'], 'b.py': [] });
});

const PROGRESS_CAPABILITIES: ClientCapabilities = { ...PULL_CLIENT_CAPABILITIES, window: { workDoneProgress: true } };

interface ProgressParams {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; cancellable?: boolean; percentage?: number };
}

function manyFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) files[`pkg/module_${String(index).padStart(3, '0')}.py`] = SLEEPY.repeat(20);
  return files;
}

test('the first pass shows cancellable progress naming the file count', async () => {
  const workspace = await startInWorkspace(manyFiles(30), { capabilities: PROGRESS_CAPABILITIES });
  const begin = await workspace.client.waitFor<ProgressParams>('$/progress', (params) => params.value.kind === 'begin');
  assert.equal(begin.value.title, 'Awaitwise');
  assert.equal(begin.value.message, 'Analyzing 30 files');
  assert.equal(begin.value.cancellable, true);
  await workspace.client.waitFor<ProgressParams>('$/progress', (params) => params.token === begin.token && params.value.kind === 'end');
  assert.equal((await pullWorkspace(workspace.client)).reports.length, 30);
});

test('cancelling the first pass stops it: files not analysed yet are left alone', async () => {
  const workspace = await startInWorkspace(manyFiles(300), { capabilities: PROGRESS_CAPABILITIES });
  const begin = await workspace.client.waitFor<ProgressParams>('$/progress', (params) => params.value.kind === 'begin');
  await workspace.client.connection.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
  await workspace.client.waitFor<ProgressParams>('$/progress', (params) => params.token === begin.token && params.value.kind === 'end');
  const report = await workspace.client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'after-cancel' });
  assert.deepEqual(report.items, []);
  const log = workspace.client.logs.find((message) => /Workspace analysis cancelled/.test(message.message));
  assert.ok(log, 'the cancellation is logged');
  const analysed = Number(/(\d+) of 300 files/.exec(log.message)?.[1]);
  assert.ok(analysed < 300, log.message);
});

test('clients that do not pull get the workspace findings published, and cleared when a file goes', async () => {
  const workspace = await startInWorkspace({ 'app/clock.py': SLEEPY, 'app/store.py': STORE }, { capabilities: PUSH_CLIENT_CAPABILITIES });
  const { client } = workspace;
  const clock = await client.waitFor<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === workspace.uri('app/clock.py'));
  assert.deepEqual(clock.diagnostics.map((diagnostic) => diagnostic.code), ['blocking-sleep']);
  await fileChanged(workspace, 'app/clock.py', undefined);
  const cleared = await client.waitFor<PublishDiagnosticsParams>(
    'textDocument/publishDiagnostics',
    (params) => params.uri === workspace.uri('app/clock.py') && params.diagnostics.length === 0,
  );
  assert.deepEqual(cleared.diagnostics, []);
});
