// Configuration files in the editor: the nearest one applies to open documents, settings the
// user set win over it, an invalid one is shown once and left out, and edits on disk apply.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, FileChangeType, MessageType, type Diagnostic, type ShowMessageParams } from 'vscode-languageserver/node';
import { startInWorkspace, type TestWorkspace } from '../helpers/workspace-server';

const PYTHON = 'import time\n\nasync def fetch():\n    return 1\n\nasync def main():\n    time.sleep(1)\n    fetch()\n';
const SHOW_MESSAGE = 'window/showMessage';

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity}`);
}

/** Opens a Python file of the workspace with PYTHON in it; returns its URI. */
async function openPython(workspace: TestWorkspace, path: string): Promise<string> {
  const uri = workspace.uri(path);
  await workspace.client.open(uri, 'python', PYTHON);
  return uri;
}

/** Writes a file of the workspace and tells the server, as the client's file watcher does. */
async function writeWatched(workspace: TestWorkspace, path: string, content: string): Promise<void> {
  const file = join(workspace.root, path);
  writeFileSync(file, content);
  await workspace.client.refreshedAfter(() =>
    workspace.client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(file).href, type: FileChangeType.Changed }],
    }),
  );
}

test('the nearest configuration file applies: rules, ignore, per-file-ignores and exclude', async () => {
  const workspace = await startInWorkspace({
    'pyproject.toml': '[tool.awaitwise]\nexclude = ["generated"]\n\n[tool.awaitwise.rules]\nblocking-sleep = "hint"\n\n[tool.awaitwise.per-file-ignores]\n"tests/**" = ["ASYNC105"]\n',
    'legacy/awaitwise.json': '{"ignore": ["blocking-sleep"]}',
  });
  const { client } = workspace;
  assert.deepEqual(codes(await client.diagnostics(await openPython(workspace, 'app.py'))), [
    `blocking-sleep ${DiagnosticSeverity.Hint}`,
    `unawaited-coroutine ${DiagnosticSeverity.Error}`,
  ]);
  assert.deepEqual(codes(await client.diagnostics(await openPython(workspace, 'tests/test_app.py'))), [`blocking-sleep ${DiagnosticSeverity.Hint}`]);
  assert.deepEqual(codes(await client.diagnostics(await openPython(workspace, 'legacy/old.py'))), [`unawaited-coroutine ${DiagnosticSeverity.Error}`], 'no merging with the file above');
  assert.deepEqual(await client.diagnostics(await openPython(workspace, 'generated/models.py')), []);
});

test('settings the user set win over the configuration file', async () => {
  const workspace = await startInWorkspace(
    { 'awaitwise.json': '{"rules": {"ASYNC251": "hint", "ASYNC105": "information"}, "exclude": ["generated"]}' },
    { settings: { rules: { 'blocking-sleep': 'warning' }, exclude: ['vendor/**'] } },
  );
  const { client } = workspace;
  assert.deepEqual(codes(await client.diagnostics(await openPython(workspace, 'app.py'))), [
    `blocking-sleep ${DiagnosticSeverity.Warning}`,
    `unawaited-coroutine ${DiagnosticSeverity.Information}`,
  ]);
  assert.deepEqual(await client.diagnostics(await openPython(workspace, 'generated/a.py')), [], "the file's exclude still applies");
  assert.deepEqual(await client.diagnostics(await openPython(workspace, 'vendor/b.py')), [], 'and so does the setting');
});

test('an invalid configuration is shown once, naming file and key; its files get the settings alone', async () => {
  const workspace = await startInWorkspace({ 'app/awaitwise.json': '{"ignore": ["blocking-sleep"], "selcet": ["all"]}' }, { settings: { rules: { ASYNC105: 'hint' } } });
  const { client } = workspace;
  const uri = await openPython(workspace, 'app/main.py');
  assert.deepEqual(codes(await client.diagnostics(uri)), [`blocking-sleep ${DiagnosticSeverity.Error}`, `unawaited-coroutine ${DiagnosticSeverity.Hint}`]);
  const shown = await client.waitFor<ShowMessageParams>(SHOW_MESSAGE);
  assert.equal(shown.type, MessageType.Error);
  assert.match(shown.message, /VS Code settings alone until it is fixed: app\/awaitwise\.json: selcet: unknown key; did you mean 'select'\?$/);
  assert.ok(client.logs.some((log) => log.type === MessageType.Error && log.message === shown.message), 'logged too');

  await client.diagnostics(await openPython(workspace, 'app/other.py'));
  await client.diagnostics(uri);
  assert.equal(client.receivedCount(SHOW_MESSAGE), 1, 'once for the same content');

  await writeWatched(workspace, 'app/awaitwise.json', '{\n  "ignore": [\n}\n');
  await client.diagnostics(uri);
  const second = await client.waitFor<ShowMessageParams>(SHOW_MESSAGE);
  assert.match(second.message, /app\/awaitwise\.json:3:1: invalid JSON: /);

  await writeWatched(workspace, 'app/awaitwise.json', '{"ignore": ["blocking-sleep"]}');
  assert.deepEqual(codes(await client.diagnostics(uri)), [`unawaited-coroutine ${DiagnosticSeverity.Hint}`], 'fixed: it applies again');
  assert.equal(client.receivedCount(SHOW_MESSAGE), 2);
});

test('editing awaitwise.json on disk updates the findings of open documents', async () => {
  const workspace = await startInWorkspace({ 'src/app.py': PYTHON });
  const { client } = workspace;
  const uri = await openPython(workspace, 'src/app.py');
  assert.equal((await client.diagnostics(uri)).length, 2);
  await writeWatched(workspace, 'awaitwise.json', '{"ignore": ["unawaited-coroutine"]}');
  assert.deepEqual(codes(await client.diagnostics(uri)), [`blocking-sleep ${DiagnosticSeverity.Error}`]);
  await writeWatched(workspace, 'awaitwise.json', '{"select": ["unawaited-coroutine"], "python-version": "3.9"}');
  assert.deepEqual(codes(await client.diagnostics(uri)), [`unawaited-coroutine ${DiagnosticSeverity.Error}`]);
  await writeWatched(workspace, 'src/pyproject.toml', '[tool.awaitwise]\nexclude = ["app.py"]\n');
  assert.deepEqual(await client.diagnostics(uri), [], 'a nearer pyproject.toml table takes over');
});
