// Pull diagnostics over stdio: what each diagnostic carries, incremental edits, cached
// ("unchanged") results, refusing to answer for a text the client no longer has, and pulls the
// client cancels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity, DocumentDiagnosticReportKind, DocumentDiagnosticRequest, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { rangeOf } from '../helpers/text-edits';

const DOCS = 'https://github.com/awaitwise/awaitwise/blob/main/docs/rules/';

const PYTHON = `import asyncio
import time


async def fetch():
    return 1


async def main():
    time.sleep(1)
    fetch()
`;

const TYPESCRIPT = `async function save(): Promise<void> {}

async function main() {
  save();
  const p = new Promise(async (resolve) => resolve(1));
}
`;

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start();
});
after(() => client.dispose());

test('Python findings arrive with rule id, source, docs link, severity, exact range and code action data', async () => {
  const uri = 'file:///project/service.py';
  await client.open(uri, 'python', PYTHON);
  const report = await client.pull(uri);
  assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
  assert.ok(report.resultId);
  assert.deepEqual(
    report.items.map(({ message, ...rest }) => (assert.ok(typeof message === 'string' && message.length > 0), rest)),
    [
      {
        range: { start: { line: 9, character: 4 }, end: { line: 9, character: 17 } },
        severity: DiagnosticSeverity.Error,
        code: 'blocking-sleep',
        codeDescription: { href: `${DOCS}blocking-sleep.md` },
        source: 'awaitwise',
        data: { ruleId: 'blocking-sleep', version: 1, resultId: report.resultId, index: 0, fixes: [{ title: "Replace with 'await asyncio.sleep(...)'", safe: true }] },
      },
      {
        range: { start: { line: 10, character: 4 }, end: { line: 10, character: 11 } },
        severity: DiagnosticSeverity.Error,
        code: 'unawaited-coroutine',
        codeDescription: { href: `${DOCS}unawaited-coroutine.md` },
        source: 'awaitwise',
        data: { ruleId: 'unawaited-coroutine', version: 1, resultId: report.resultId, index: 1, fixes: [{ title: "Await 'fetch()'", safe: true }] },
      },
    ],
  );
});

test('TypeScript findings arrive with their ranges and fix summaries', async () => {
  const uri = 'file:///project/main.ts';
  await client.open(uri, 'typescript', TYPESCRIPT);
  const items = await client.diagnostics(uri);
  assert.deepEqual(
    items.map((item) => [item.code, item.range, item.severity, item.source]),
    [
      ['floating-promise', rangeOf(TYPESCRIPT, 'save()', 1), DiagnosticSeverity.Error, 'awaitwise'],
      ['async-promise-executor', rangeOf(TYPESCRIPT, 'async', 2), DiagnosticSeverity.Error, 'awaitwise'],
    ],
  );
  assert.deepEqual(
    items[0].data.fixes.map((fix: { safe: boolean }) => fix.safe),
    [false, false, false],
    'floating-promise offers three fixes, none safe',
  );
  assert.deepEqual(items[1].data.fixes, [{ title: "Remove 'async' from the executor", safe: true }]);
  assert.equal(items[1].codeDescription?.href, `${DOCS}async-promise-executor.md`);
});

test('columns count UTF-16 code units, as LSP does', async () => {
  const uri = 'file:///project/emoji.py';
  const text = 'import time\nasync def f():\n    label = "🚀"; time.sleep(1)\n';
  await client.open(uri, 'python', text);
  const [diagnostic] = await client.diagnostics(uri);
  assert.deepEqual(diagnostic.range, rangeOf(text, 'time.sleep(1)'));
  assert.equal(diagnostic.range.start.character, 18, "the rocket counts as two");
});

test('an unchanged document and settings give an "unchanged" report; an edit gives a new result', async () => {
  const uri = 'file:///project/unchanged.py';
  await client.open(uri, 'python', PYTHON);
  const first = await client.pull(uri);
  assert.equal(first.kind, DocumentDiagnosticReportKind.Full);
  const second = await client.pull(uri, first.resultId);
  assert.deepEqual(second, { kind: DocumentDiagnosticReportKind.Unchanged, resultId: first.resultId });

  await client.edit(uri, rangeOf(PYTHON, '1', 1), '2');
  const third = await client.pull(uri, first.resultId);
  assert.equal(third.kind, DocumentDiagnosticReportKind.Full);
  assert.notEqual(third.resultId, first.resultId);
  assert.equal(third.items.length, 2);
  assert.equal(third.items[0].data.version, 2);
});

test('incremental edits: one that adds a finding and one that removes it', async () => {
  const uri = 'file:///project/edits.py';
  await client.open(uri, 'python', PYTHON);
  assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['blocking-sleep', 'unawaited-coroutine']);

  // Type a new blocking call at the end of main().
  const end = { line: 11, character: 0 };
  await client.edit(uri, { start: end, end }, '    time.sleep(3)\n');
  const added = await client.diagnostics(uri);
  assert.deepEqual(
    added.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [
      ['blocking-sleep', 9, 4, 17],
      ['unawaited-coroutine', 10, 4, 11],
      ['blocking-sleep', 11, 4, 17],
    ],
  );

  // Add `await ` in front of fetch(): the coroutine is awaited now.
  const call = { line: 10, character: 4 };
  await client.edit(uri, { start: call, end: call }, 'await ');
  const afterAwait = await client.diagnostics(uri);
  assert.deepEqual(afterAwait.map((d) => [d.code, d.range.start.line]), [
    ['blocking-sleep', 9],
    ['blocking-sleep', 11],
  ]);

  // Delete the first sleep line entirely: the later finding moves up a line.
  await client.edit(uri, { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } }, '');
  const afterDelete = await client.diagnostics(uri);
  assert.deepEqual(afterDelete.map((d) => [d.code, d.range.start.line]), [['blocking-sleep', 10]]);
  assert.equal(client.text(uri).split('\n')[10], '    time.sleep(3)');
});

test('several changes in one notification apply in order', async () => {
  const uri = 'file:///project/batch.ts';
  await client.open(uri, 'typescript', TYPESCRIPT);
  const line = { line: 3, character: 2 };
  // Insert `void ` and then replace the `void` just inserted by `await`.
  await client.change(uri, [
    { range: { start: line, end: line }, text: 'void ' },
    { range: { start: line, end: { line: 3, character: 6 } }, text: 'await' },
  ]);
  assert.equal(client.text(uri).split('\n')[3], '  await save();');
  assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['async-promise-executor']);
});

test('a pull overtaken by an edit is refused with "server cancelled" and asks to be retried', async () => {
  const uri = 'file:///project/overtaken.py';
  await client.open(uri, 'python', PYTHON);
  // While the server waits for this document's settings, the document changes.
  client.beforeConfigurationAnswer = () => client.edit(uri, rangeOf(PYTHON, 'fetch()', 1), 'await fetch()');
  try {
    await assert.rejects(client.pull(uri), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, LSPErrorCodes.ServerCancelled);
      assert.deepEqual(error.data, { retriggerRequest: true });
      return true;
    });
  } finally {
    client.beforeConfigurationAnswer = undefined;
  }
  // The retried pull sees the new text.
  assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['blocking-sleep']);
});

test('a pull the client cancels is answered "request cancelled", and the next pull is answered', async () => {
  const uri = 'file:///project/cancelled.py';
  // Opened just now: the server cannot answer before the client gives the document's settings,
  // and the client has sent the cancellation by then.
  await client.open(uri, 'python', PYTHON);
  await assert.rejects(client.requestThenCancel(DocumentDiagnosticRequest.method, { textDocument: { uri } }), (error: unknown) => {
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, LSPErrorCodes.RequestCancelled);
    return true;
  });
  assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['blocking-sleep', 'unawaited-coroutine']);
});

test('closed documents and other languages have no diagnostics', async () => {
  const uri = 'file:///project/closed.py';
  await client.open(uri, 'python', PYTHON);
  assert.equal((await client.diagnostics(uri)).length, 2);
  await client.close(uri);
  assert.deepEqual(await client.pull(uri), { kind: DocumentDiagnosticReportKind.Full, items: [] });

  const markdown = 'file:///project/notes.md';
  await client.open(markdown, 'markdown', '    time.sleep(1)\n');
  assert.deepEqual(await client.pull(markdown), { kind: DocumentDiagnosticReportKind.Full, items: [] });
});
