// Settings over LSP: the server asks for the `awaitwise` section per document, and after
// workspace/didChangeConfiguration asks again and has the client refresh its diagnostics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  MessageType,
  RegistrationRequest,
  type RegistrationParams,
} from 'vscode-languageserver/node';
import { LspTestClient, PULL_CLIENT_CAPABILITIES } from '../helpers/lsp-client';

const PYTHON = 'import time\n\nasync def fetch():\n    return 1\n\nasync def main():\n    time.sleep(1)\n    fetch()\n';
const TYPESCRIPT = 'async function save() {}\nasync function main() {\n  save();\n}\n';
const REFRESH = 'workspace/diagnostic/refresh';
const ROOT = 'file:///projects/app';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start({ workspaceFolders: [{ uri: ROOT, name: 'app' }] });
});
after(() => client.dispose());

/** Changes the settings and waits until the server asks the client to pull again. */
async function useSettings(settings: unknown): Promise<void> {
  const refreshes = client.receivedCount(REFRESH);
  await client.changeSettings(settings);
  await client.waitFor(REFRESH, () => client.receivedCount(REFRESH) > refreshes);
}

async function codes(uri: string): Promise<(string | number | undefined)[]> {
  return (await client.diagnostics(uri)).map((diagnostic) => diagnostic.code);
}

test('settings are asked for with the document as scope', async () => {
  const uri = `${ROOT}/scoped.py`;
  await client.open(uri, 'python', PYTHON);
  await client.diagnostics(uri);
  assert.ok(client.configurationScopes.includes(uri));
});

test('a rule set to "off" disappears; settings changes refresh the diagnostics', async () => {
  const uri = `${ROOT}/off.py`;
  await client.open(uri, 'python', PYTHON);
  assert.deepEqual(await codes(uri), ['blocking-sleep', 'unawaited-coroutine']);
  await useSettings({ rules: { 'blocking-sleep': 'off' } });
  assert.deepEqual(await codes(uri), ['unawaited-coroutine']);
  await useSettings({});
  assert.deepEqual(await codes(uri), ['blocking-sleep', 'unawaited-coroutine']);
});

test('a severity override, by rule id or by peer code, changes the severity', async () => {
  const uri = `${ROOT}/severity.py`;
  await client.open(uri, 'python', PYTHON);
  await useSettings({ rules: { 'unawaited-coroutine': 'warning', ASYNC251: 'hint' } });
  const diagnostics = await client.diagnostics(uri);
  assert.deepEqual(
    diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
    [
      ['blocking-sleep', DiagnosticSeverity.Hint],
      ['unawaited-coroutine', DiagnosticSeverity.Warning],
    ],
  );
  await useSettings({});
});

test('enable: false empties the diagnostics of every language', async () => {
  const python = `${ROOT}/disabled.py`;
  const script = `${ROOT}/disabled.ts`;
  await client.open(python, 'python', PYTHON);
  await client.open(script, 'typescript', TYPESCRIPT);
  assert.equal((await client.diagnostics(script)).length, 1);
  await useSettings({ enable: false });
  assert.deepEqual(await client.diagnostics(python), []);
  assert.deepEqual(await client.diagnostics(script), []);
  await useSettings({});
  assert.equal((await client.diagnostics(script)).length, 1);
});

test('exclude globs are matched relative to the workspace folder', async () => {
  const generated = `${ROOT}/generated/models.py`;
  const protobuf = `${ROOT}/src/api_pb2.py`;
  const source = `${ROOT}/src/models.py`;
  for (const uri of [generated, protobuf, source]) await client.open(uri, 'python', PYTHON);
  await useSettings({ exclude: ['generated/**', '*_pb2.py'] });
  assert.deepEqual(await client.diagnostics(generated), []);
  assert.deepEqual(await client.diagnostics(protobuf), []);
  assert.equal((await client.diagnostics(source)).length, 2);
  await useSettings({ exclude: ['src/**'] });
  assert.equal((await client.diagnostics(generated)).length, 2);
  assert.deepEqual(await client.diagnostics(source), []);
  await useSettings({});
});

test('python.blockingCalls makes the configured-blocking-call rule report those calls', async () => {
  const uri = `${ROOT}/billing.py`;
  await client.open(uri, 'python', 'import billing_sdk\n\nasync def checkout(order):\n    billing_sdk.charge(order)\n');
  assert.deepEqual(await codes(uri), []);
  await useSettings({ python: { blockingCalls: ['billing_sdk.charge'] } });
  const [diagnostic] = await client.diagnostics(uri);
  assert.deepEqual([diagnostic?.code, diagnostic?.range.start.line], ['configured-blocking-call', 3]);
  await useSettings({});
  assert.deepEqual(await codes(uri), []);
});

test('python.startableFunctions makes start-soon-in-aenter check functions from other modules', async () => {
  const uri = `${ROOT}/service.py`;
  const source = [
    'import trio',
    'from myapp.net import serve_metrics',
    '',
    'class Service:',
    '    async def __aenter__(self):',
    '        self._nursery.start_soon(serve_metrics, 9100)',
    '        return self',
    '',
  ].join('\n');
  await client.open(uri, 'python', source);
  assert.deepEqual(await codes(uri), []);
  await useSettings({ python: { startableFunctions: ['myapp.net.serve_metrics'] } });
  const [diagnostic] = await client.diagnostics(uri);
  assert.deepEqual([diagnostic?.code, diagnostic?.range.start.line], ['start-soon-in-aenter', 5]);
  await useSettings({});
  assert.deepEqual(await codes(uri), []);
});

test('run: "onSave" keeps the last results until the document is saved', async () => {
  const uri = `${ROOT}/on-save.py`;
  await useSettings({ run: 'onSave' });
  await client.open(uri, 'python', PYTHON);
  const opened = await client.pull(uri);
  assert.equal(opened.kind, DocumentDiagnosticReportKind.Full);
  assert.equal(opened.items.length, 2, 'analysed on open');

  await client.edit(uri, { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, '    time.sleep(2)\n');
  assert.deepEqual(await client.pull(uri, opened.resultId), { kind: DocumentDiagnosticReportKind.Unchanged, resultId: opened.resultId });
  assert.equal((await client.diagnostics(uri)).length, 2, 'typing does not analyse');

  const refreshes = client.receivedCount(REFRESH);
  await client.save(uri);
  await client.waitFor(REFRESH, () => client.receivedCount(REFRESH) > refreshes);
  const saved = await client.pull(uri, opened.resultId);
  assert.equal(saved.kind, DocumentDiagnosticReportKind.Full);
  assert.deepEqual(
    saved.items.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
    [
      ['blocking-sleep', 6],
      ['unawaited-coroutine', 7],
      ['blocking-sleep', 8],
    ],
  );
  await useSettings({});
});

test('wrong values fall back to their defaults with a warning', async () => {
  const uri = `${ROOT}/wrong.py`;
  await client.open(uri, 'python', PYTHON);
  const logged = client.logs.length;
  await useSettings({ enable: 'yes', run: 'sometimes', rules: { 'blocking-sleep': 'loud', 'dangling-task': 'off' }, exclude: '*.py', pythonVersion: 'py3' });
  assert.deepEqual(await codes(uri), ['blocking-sleep', 'unawaited-coroutine']);
  const warnings = client.logs.slice(logged).filter((log) => log.type === MessageType.Warning).map((log) => log.message);
  for (const setting of ['enable', 'run', 'rules.blocking-sleep', 'exclude', 'pythonVersion']) {
    assert.equal(warnings.filter((warning) => warning.includes(`"awaitwise.${setting}"`)).length, 1, `one warning for ${setting}`);
  }
  assert.equal(warnings.length, 5);
  await useSettings({});
});

test('an unknown rule name is reported once', async () => {
  const first = `${ROOT}/unknown-a.py`;
  const second = `${ROOT}/unknown-b.py`;
  await client.open(first, 'python', PYTHON);
  await client.open(second, 'python', PYTHON);
  await useSettings({ rules: { 'no-such-rule': 'off', 'blocking-sleep': 'warning' } });
  await client.diagnostics(first);
  await client.diagnostics(second);
  assert.equal(client.logs.filter((log) => log.message.includes('"no-such-rule"')).length, 1);
  assert.equal((await client.diagnostics(first))[0].severity, DiagnosticSeverity.Warning, 'the rest of the settings apply');
  await useSettings({});
});

test('a client that cannot answer workspace/configuration gets the defaults', async () => {
  const capabilities = { ...PULL_CLIENT_CAPABILITIES, workspace: { ...PULL_CLIENT_CAPABILITIES.workspace, configuration: false } };
  const plain = await LspTestClient.start({ capabilities, settings: { enable: false } });
  try {
    const uri = 'file:///projects/plain.py';
    await plain.open(uri, 'python', PYTHON);
    assert.equal((await plain.diagnostics(uri)).length, 2);
    assert.equal(plain.configurationScopes.length, 0);
  } finally {
    await plain.dispose();
  }
});

test('adding a workspace folder re-anchors exclude globs; outside any folder they are relative to the file', async () => {
  const uri = 'file:///elsewhere/lib/src/worker.py';
  await client.open(uri, 'python', PYTHON);
  await useSettings({ exclude: ['src/**'] });
  assert.equal((await client.diagnostics(uri)).length, 2, 'relative to its own folder the file is just worker.py');

  const refreshes = client.receivedCount(REFRESH);
  await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: { added: [{ uri: 'file:///elsewhere/lib', name: 'lib' }], removed: [] },
  });
  await client.waitFor(REFRESH, () => client.receivedCount(REFRESH) > refreshes);
  assert.deepEqual(await client.diagnostics(uri), []);
  await useSettings({});
});

test('an edited pyproject.toml is read again: the Python version is part of the result', async () => {
  const registration = await client.waitFor<RegistrationParams>(RegistrationRequest.method, (params) =>
    params.registrations.some((r) => r.method === DidChangeWatchedFilesNotification.method),
  );
  assert.deepEqual(registration.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method)?.registerOptions, {
    watchers: [
      { globPattern: '**/pyproject.toml' },
      { globPattern: '**/awaitwise.json' },
      { globPattern: '**/*.{py,pyi}' },
      { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
      { globPattern: '**/{tsconfig,jsconfig}*.json' },
    ],
  });

  const project = mkdtempSync(join(tmpdir(), 'awaitwise-server-'));
  try {
    const pyproject = join(project, 'pyproject.toml');
    writeFileSync(pyproject, '[project]\nrequires-python = ">=3.10"\n');
    const uri = pathToFileURL(join(project, 'app.py')).href;
    await client.open(uri, 'python', PYTHON);
    const first = await client.pull(uri);
    assert.equal((await client.pull(uri, first.resultId)).kind, DocumentDiagnosticReportKind.Unchanged);

    writeFileSync(pyproject, '[project]\nrequires-python = ">=3.8"\n');
    const refreshes = client.receivedCount(REFRESH);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(pyproject).href, type: FileChangeType.Changed }],
    });
    await client.waitFor(REFRESH, () => client.receivedCount(REFRESH) > refreshes);
    const second = await client.pull(uri, first.resultId);
    assert.equal(second.kind, DocumentDiagnosticReportKind.Full, 'analysed again for Python 3.8');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
