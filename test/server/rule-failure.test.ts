// A rule that throws, in a server run from source with preloads/throwing-rule.ts (blocking-sleep
// throws after doing its work): the server stays up, the other rules' findings arrive and the
// failing rule's do not, and the failure is logged once however many documents and edits meet it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MessageType } from 'vscode-languageserver/node';
import { analyze, initEngine } from '../../server/src/engine';
import type { SourceLanguage } from '../../server/src/engine/types';
import { LspTestClient } from '../helpers/lsp-client';
import { sourceServerArgs } from '../helpers/source-server';

const FAILING_RULE = 'blocking-sleep';

const PYTHON = `import time


async def fetch():
    return 1


async def main():
    time.sleep(1)
    fetch()
`;

const TYPESCRIPT = `async function save(): Promise<void> {}

async function main() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  save();
}
`;

let client: LspTestClient;
before(async () => {
  await initEngine();
  client = await LspTestClient.start({ serverArgs: sourceServerArgs(join(__dirname, 'preloads', 'throwing-rule.ts')) });
});
after(() => client.dispose());

/** The rules this process's engine, which has no injected failure, reports on the document's text. */
function healthyRules(uri: string, language: SourceLanguage): string[] {
  return analyze(client.text(uri), language).map((finding) => finding.ruleId);
}

/** Pulls the document and checks it has every finding of a healthy engine but the failing rule's. */
async function assertContained(uri: string, language: SourceLanguage, expected: string[]): Promise<void> {
  const healthy = healthyRules(uri, language);
  assert.ok(healthy.includes(FAILING_RULE), `a healthy ${FAILING_RULE} reports on the text of ${uri}`);
  assert.deepEqual(healthy.filter((rule) => rule !== FAILING_RULE), expected);
  assert.deepEqual((await client.diagnostics(uri)).map((diagnostic) => diagnostic.code), expected);
}

function failureLogs(): string[] {
  return client.logs.filter(({ message }) => message.includes(FAILING_RULE)).map(({ message }) => message);
}

test('a throwing rule loses its findings only, and is logged once across documents, edits and pulls', async () => {
  const service = 'file:///project/service.py';
  const worker = 'file:///project/worker.py';
  const script = 'file:///project/main.ts';
  await client.open(service, 'python', PYTHON);
  await client.open(worker, 'python', PYTHON.replace('time.sleep(1)', 'time.sleep(2)\n    time.sleep(3)'));
  await client.open(script, 'typescript', TYPESCRIPT);

  await assertContained(service, 'python', ['unawaited-coroutine']);
  await assertContained(worker, 'python', ['unawaited-coroutine']);
  await assertContained(script, 'typescript', ['floating-promise']);

  // Edits that change other rules' findings while the failing rule keeps failing.
  const end = { line: 10, character: 0 };
  await client.edit(service, { start: end, end }, '    time.sleep(4)\n    fetch()\n');
  await assertContained(service, 'python', ['unawaited-coroutine', 'unawaited-coroutine']);
  const call = { line: 9, character: 4 };
  await client.edit(service, { start: call, end: call }, 'await ');
  await assertContained(service, 'python', ['unawaited-coroutine']);
  await client.edit(script, { start: { line: 4, character: 2 }, end: { line: 4, character: 2 } }, 'await ');
  await assertContained(script, 'typescript', []);
  await assertContained(worker, 'python', ['unawaited-coroutine']);

  const logged = failureLogs();
  assert.equal(logged.length, 1, `logged once, not per run:\n${logged.join('\n---\n')}`);
  assert.match(logged[0], /^The rule blocking-sleep failed and its findings are missing; the other rules still ran\./);
  assert.match(logged[0], /injected failure in blocking-sleep\n\s+at /, 'with the stack');
  assert.equal(client.logs.find(({ message }) => message === logged[0])?.type, MessageType.Error);
});
