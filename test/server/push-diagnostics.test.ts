// A client without pull support gets textDocument/publishDiagnostics: on open, after edits,
// after settings changes, and an empty list on close. It cannot resolve code actions, so their
// edits come with them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspTestClient, PUSH_CLIENT_CAPABILITIES } from '../helpers/lsp-client';

const PYTHON = 'import time\n\nasync def main():\n    time.sleep(1)\n';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start({ capabilities: PUSH_CLIENT_CAPABILITIES });
});
after(() => client.dispose());

test('diagnostics are published on open and after each edit, for the version they describe', async () => {
  const uri = 'file:///project/push.py';
  await client.open(uri, 'python', PYTHON);
  const opened = await client.published(uri);
  assert.deepEqual(
    opened.diagnostics.map((d) => [d.code, d.source, d.range.start.line, d.codeDescription?.href]),
    [['blocking-sleep', 'awaitwise', 3, 'https://github.com/awaitwise/awaitwise/blob/main/docs/rules/blocking-sleep.md']],
  );

  await client.edit(uri, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, '    time.sleep(2)\n');
  const grown = await client.published(uri);
  assert.equal(grown.version, 2);
  assert.deepEqual(grown.diagnostics.map((d) => d.range.start.line), [3, 4]);

  await client.edit(uri, { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } }, '    pass\n');
  assert.deepEqual((await client.published(uri)).diagnostics, []);
});

test('closing a document clears its diagnostics', async () => {
  const uri = 'file:///project/closing.py';
  await client.open(uri, 'python', PYTHON);
  assert.equal((await client.published(uri)).diagnostics.length, 1);
  await client.close(uri);
  const cleared = await client.waitFor<PublishDiagnosticsParams>(PublishDiagnosticsNotification.method, (params) => params.uri === uri);
  assert.deepEqual(cleared.diagnostics, []);
});

test('a settings change publishes again', async () => {
  const uri = 'file:///project/settings.py';
  await client.open(uri, 'python', PYTHON);
  assert.equal((await client.published(uri)).diagnostics[0].severity, 1);
  await client.changeSettings({ rules: { 'blocking-sleep': 'information' } });
  assert.equal((await client.published(uri)).diagnostics[0].severity, 3);
  await client.changeSettings({ enable: false });
  assert.deepEqual((await client.published(uri)).diagnostics, []);
  await client.changeSettings({});
  assert.equal((await client.published(uri)).diagnostics.length, 1);
});

test('code actions carry their edits, as plain changes, when the client cannot resolve them', async () => {
  const uri = 'file:///project/eager.py';
  await client.open(uri, 'python', PYTHON);
  const [published] = (await client.published(uri)).diagnostics;
  // This client does not keep `data`: the server finds the finding by rule and range.
  const { data, ...diagnostic } = published;
  assert.ok(data);
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
  assert.deepEqual(actions.map((action) => action.title), ["Replace with 'await asyncio.sleep(...)'", 'Ignore blocking-sleep on this line']);
  for (const action of actions) {
    assert.equal(action.data, undefined);
    assert.ok(action.edit?.changes?.[uri]);
  }
  await client.applyWorkspaceEdit(actions[0].edit!);
  assert.deepEqual((await client.published(uri)).diagnostics, []);
  assert.equal(client.text(uri), 'import time\nimport asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n');
});
