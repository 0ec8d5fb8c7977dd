// Start-up and shutdown over stdio: the capabilities the server announces, its start-up log,
// surviving a failing handler, and a clean exit after shutdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CodeActionKind,
  ErrorCodes,
  MessageType,
  ResponseError,
  TextDocumentSyncKind,
  type DiagnosticOptions,
  type LogMessageParams,
} from 'vscode-languageserver/node';
import { LspTestClient, PUSH_CLIENT_CAPABILITIES } from '../helpers/lsp-client';

test('announces incremental sync, pull diagnostics (with inter-file dependencies), hover and resolvable code actions', async () => {
  const client = await LspTestClient.start({ workspaceFolders: [{ uri: 'file:///projects/shop', name: 'shop' }] });
  try {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo?.name, 'awaitwise');
    assert.match(serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } });
    const diagnosticProvider = capabilities.diagnosticProvider as DiagnosticOptions;
    assert.equal(diagnosticProvider.interFileDependencies, true, 'Python findings depend on other files of the folder');
    assert.equal(diagnosticProvider.workspaceDiagnostics, true, 'files that are not open are reported through workspace/diagnostic');
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, {
      codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.awaitwise'],
      resolveProvider: true,
    });
    assert.deepEqual(capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });

    // The start-up log names the version and the workspace folders.
    const folders = await client.waitFor<{ message: string }>('window/logMessage', ({ message }) => message.startsWith('Workspace folders'));
    assert.match(folders.message, /shop/);
    assert.ok(client.logs.some(({ message }) => message.includes(serverInfo!.version!)));
  } finally {
    await client.dispose();
  }
});

test('a client that cannot pull diagnostics is not offered pull diagnostics', async () => {
  const client = await LspTestClient.start({ capabilities: PUSH_CLIENT_CAPABILITIES });
  try {
    assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
  } finally {
    await client.dispose();
  }
});

test('a handler that throws is logged and answered with an error; the server keeps working', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = 'file:///tmp/robust.py';
    await client.open(uri, 'python', 'import time\nasync def f():\n    time.sleep(1)\n');
    // A malformed request (no `context`) and a malformed notification (no `contentChanges`).
    const start = { line: 0, character: 0 };
    const malformed = client.request('textDocument/codeAction', { textDocument: { uri }, range: { start, end: start } });
    await assert.rejects(malformed, (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, ErrorCodes.InternalError);
      return true;
    });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 } });
    const logged = await client.waitFor<LogMessageParams>('window/logMessage', ({ message }) =>
      message.startsWith('Handling textDocument/didChange failed'),
    );
    assert.equal(logged.type, MessageType.Error);
    assert.match(logged.message, /\n\s+at /, 'with the stack');
    assert.ok(client.logs.some(({ message }) => message.startsWith('Answering textDocument/codeAction failed')));
    assert.equal((await client.diagnostics(uri)).length, 1);
  } finally {
    await client.dispose();
  }
});

test('shutdown then exit ends the process with code 0', async () => {
  const client = await LspTestClient.start();
  await client.open('file:///tmp/a.py', 'python', 'import time\nasync def f():\n    time.sleep(1)\n');
  assert.equal((await client.diagnostics('file:///tmp/a.py')).length, 1);
  assert.equal(await client.shutdown(), 0);
});
