// Workspace trust over LSP: with `workspaceTrusted: false` in the initialization options the
// server leaves out the configuration-file keys an untrusted workspace may not set (and says so
// once), while the rest of the file and the user's settings still apply; trusted, or when the
// client does not say, the file applies whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageType, type Diagnostic, type ShowMessageParams } from 'vscode-languageserver/node';
import type { ConfigFile } from '../../server/src/config/options';
import { readWorkspaceTrust, withoutRestrictedOptions } from '../../server/src/server/workspace-trust';
import type { ClientOptions } from '../helpers/lsp-client';
import { startInWorkspace } from '../helpers/workspace-server';

/** A call configured as blocking, an unawaited coroutine graded by the file, a promise configured as safe to drop. */
const FILES = {
  'awaitwise.json': JSON.stringify({ 'blocking-calls': ['billing_sdk.charge'], 'safe-calls': ['save'], rules: { ASYNC105: 'hint' } }),
  'app/pay.py': 'import billing_sdk\n\nasync def refresh():\n    pass\n\nasync def pay():\n    billing_sdk.charge(10)\n    refresh()\n',
  'app/other.py': 'import billing_sdk\n\nasync def pay_twice():\n    billing_sdk.charge(20)\n',
  'web/save.ts': 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n',
};

const BLOCKING = '6:configured-blocking-call:1';
const UNAWAITED_AS_HINT = '7:unawaited-coroutine:4';
const FLOATING = '2:floating-promise:1';

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${String(diagnostic.code)}:${diagnostic.severity}`);
}

/** Starts a server on FILES and opens the Python and the TypeScript file; returns their findings. */
async function findingsWith(options: ClientOptions) {
  const workspace = await startInWorkspace(FILES, { ...options, settings: { scope: 'openFiles', ...(options.settings as object | undefined) } });
  const { client } = workspace;
  const python = workspace.uri('app/pay.py');
  const script = workspace.uri('web/save.ts');
  await client.open(python, 'python', FILES['app/pay.py']);
  await client.open(script, 'typescript', FILES['web/save.ts']);
  return { workspace, python: codes(await client.diagnostics(python)), script: codes(await client.diagnostics(script)) };
}

test('untrusted: blocking-calls and safe-calls of awaitwise.json are left out, its other keys apply, and the user is told once', async () => {
  const { workspace, python, script } = await findingsWith({ initializationOptions: { workspaceTrusted: false } });
  const { client } = workspace;
  assert.deepEqual(python, [UNAWAITED_AS_HINT], 'no configured-blocking-call, and the rules key still grades ASYNC105');
  assert.deepEqual(script, [FLOATING], 'save is not a safe call');
  const shown = await client.waitFor<ShowMessageParams>('window/showMessage');
  assert.equal(shown.type, MessageType.Info);
  assert.match(shown.message, /^This workspace is not trusted, so Awaitwise ignores blocking-calls, safe-calls in awaitwise\.json; /);
  assert.ok(client.logs.some((log) => log.type === MessageType.Warning && log.message.includes('ignores blocking-calls, safe-calls in awaitwise.json')));

  const other = workspace.uri('app/other.py');
  await client.open(other, 'python', FILES['app/other.py']);
  assert.deepEqual(await client.diagnostics(other), []);
  assert.equal(client.receivedCount('window/showMessage'), 1, 'once, however many files the configuration governs');
});

test("untrusted: the user's own settings still say which calls block", async () => {
  const { python } = await findingsWith({ initializationOptions: { workspaceTrusted: false }, settings: { python: { blockingCalls: ['billing_sdk.charge'] } } });
  assert.deepEqual(python, [BLOCKING, UNAWAITED_AS_HINT]);
});

test('trusted, or a client that does not say: the configuration applies whole, without a word about trust', async () => {
  for (const initializationOptions of [{ workspaceTrusted: true }, undefined]) {
    const { workspace, python, script } = await findingsWith({ initializationOptions });
    assert.deepEqual(python, [BLOCKING, UNAWAITED_AS_HINT], JSON.stringify(initializationOptions));
    assert.deepEqual(script, [], JSON.stringify(initializationOptions));
    assert.equal(workspace.client.receivedCount('window/showMessage'), 0);
  }
});

test('the trust option: absent means trusted, a value that is not true or false means untrusted, with a warning', () => {
  const warnings: string[] = [];
  const read = (options: unknown) => readWorkspaceTrust(options, (message) => warnings.push(message));
  assert.deepEqual([read(undefined), read(null), read({}), read({ workspaceTrusted: true }), read({ workspaceTrusted: false })], [true, true, true, true, false]);
  assert.deepEqual(warnings, []);
  assert.equal(read({ workspaceTrusted: 'yes' }), false);
  assert.deepEqual(warnings, ['Ignoring the initialization option "workspaceTrusted": expected true or false, got "yes"; the workspace is treated as untrusted.']);
});

test('every restricted option is left out of a configuration, and nothing else', () => {
  const config: ConfigFile = {
    path: '/project/awaitwise.json',
    folder: '/project',
    options: { ignore: ['ASYNC251'], exclude: ['legacy/**'], blockingCalls: ['db.query'], startableFunctions: ['serve'], safeCalls: ['node:test.it'] },
  };
  assert.deepEqual(withoutRestrictedOptions(config), {
    config: { ...config, options: { ignore: ['ASYNC251'], exclude: ['legacy/**'] } },
    dropped: ['blocking-calls', 'startable-functions', 'safe-calls'],
  });
  const plain: ConfigFile = { ...config, options: { ignore: ['ASYNC251'] } };
  assert.equal(withoutRestrictedOptions(plain).config, plain);
});
