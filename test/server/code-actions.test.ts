// Code actions over stdio: quick fixes resolved lazily, "ignore on this line", fixing one rule
// across the file, and source.fixAll.awaitwise (also cancelled by the client). Each applies the
// edit as an editor would, sends the change, and pulls again to see the finding gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeActionKind, CodeActionRequest, LSPErrorCodes, ResponseError, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';

const PYTHON = `import time


async def fetch():
    return 1


async def main():
    time.sleep(1)
    fetch()
    time.sleep(2)
`;

const TYPESCRIPT = `async function save(): Promise<void> {}

async function main() {
  save();
  new Promise(async (resolve) => resolve(1)).catch(() => {});
}
`;

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start();
});
after(() => client.dispose());

async function open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
  await client.open(uri, languageId, text);
  return client.diagnostics(uri);
}

function actionsFor(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.codeActions(uri, diagnostic.range, [diagnostic], only);
}

/** Resolves the action when it has no edit yet, applies the edit, and pulls again. */
async function apply(uri: string, action: CodeAction): Promise<Diagnostic[]> {
  const resolved = action.edit ? action : await client.resolve(action);
  assert.ok(resolved.edit, `"${action.title}" resolved to an edit`);
  await client.applyWorkspaceEdit(resolved.edit);
  return client.diagnostics(uri);
}

test('a finding offers its fixes, fixing the rule across the file, and ignoring it on its line', async () => {
  const uri = 'file:///project/list.py';
  const [sleep, coroutine] = await open(uri, 'python', PYTHON);
  const actions = await actionsFor(uri, sleep);
  assert.deepEqual(
    actions.map((action) => [action.title, action.kind, action.isPreferred, action.edit !== undefined]),
    [
      ["Replace with 'await asyncio.sleep(...)'", CodeActionKind.QuickFix, true, false],
      ['Fix all blocking-sleep problems in this file', CodeActionKind.QuickFix, undefined, false],
      ['Ignore blocking-sleep on this line', CodeActionKind.QuickFix, undefined, true],
    ],
  );
  for (const action of actions) assert.deepEqual(action.diagnostics, [sleep]);
  // A rule with a single fixable finding gets no "fix all" of its own.
  assert.deepEqual(
    (await actionsFor(uri, coroutine)).map((action) => action.title),
    ["Await 'fetch()'", 'Ignore unawaited-coroutine on this line'],
  );
});

test('resolving a quick fix gives a versioned edit that removes the finding', async () => {
  const uri = 'file:///project/fix.py';
  const [sleep] = await open(uri, 'python', PYTHON);
  const [fix] = await actionsFor(uri, sleep);
  const resolved = await client.resolve(fix);
  assert.deepEqual(resolved.edit?.documentChanges?.[0], {
    textDocument: { uri, version: 1 },
    edits: [
      { range: { start: { line: 8, character: 4 }, end: { line: 8, character: 14 } }, newText: 'await asyncio.sleep' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'import asyncio\n' },
    ],
  });
  const remaining = await apply(uri, resolved);
  assert.equal(client.text(uri).split('\n')[9], '    await asyncio.sleep(1)');
  assert.deepEqual(remaining.map((d) => [d.code, d.range.start.line]), [
    ['unawaited-coroutine', 10],
    ['blocking-sleep', 11],
  ]);
});

test('Python: "ignore on this line" writes the directive, then extends it for another rule', async () => {
  const uri = 'file:///project/ignore.py';
  const text = PYTHON.replace('    time.sleep(1)\n    fetch()\n', '    time.sleep(1); fetch()\n');
  const diagnostics = await open(uri, 'python', text);
  const sleep = diagnostics.find((d) => d.code === 'blocking-sleep')!;
  const ignore = (await actionsFor(uri, sleep)).find((action) => action.title === 'Ignore blocking-sleep on this line')!;
  const afterFirst = await apply(uri, ignore);
  assert.equal(client.text(uri).split('\n')[8], '    time.sleep(1); fetch()  # awaitwise: ignore[blocking-sleep]');
  assert.deepEqual(afterFirst.map((d) => [d.code, d.range.start.line]), [
    ['unawaited-coroutine', 8],
    ['blocking-sleep', 9],
  ]);

  const ignoreCoroutine = (await actionsFor(uri, afterFirst[0])).find((action) => action.title === 'Ignore unawaited-coroutine on this line')!;
  const afterSecond = await apply(uri, ignoreCoroutine);
  assert.equal(client.text(uri).split('\n')[8], '    time.sleep(1); fetch()  # awaitwise: ignore[blocking-sleep, unawaited-coroutine]');
  assert.deepEqual(afterSecond.map((d) => [d.code, d.range.start.line]), [['blocking-sleep', 9]]);
});

test('TS: "ignore on this line" adds a directive line above', async () => {
  const uri = 'file:///project/ignore.ts';
  const [floating] = await open(uri, 'typescript', TYPESCRIPT);
  assert.equal(floating.code, 'floating-promise');
  const ignore = (await actionsFor(uri, floating)).find((action) => action.title === 'Ignore floating-promise on this line')!;
  const remaining = await apply(uri, ignore);
  assert.deepEqual(client.text(uri).split('\n').slice(3, 5), ['  // awaitwise-ignore-next-line floating-promise', '  save();']);
  assert.deepEqual(remaining.map((d) => [d.code, d.range.start.line]), [['async-promise-executor', 5]]);
});

test('"fix all <rule> problems in this file" applies every safe fix of that rule only', async () => {
  const uri = 'file:///project/fix-rule.py';
  const [sleep] = await open(uri, 'python', PYTHON);
  const fixRule = (await actionsFor(uri, sleep)).find((action) => action.title === 'Fix all blocking-sleep problems in this file')!;
  const remaining = await apply(uri, fixRule);
  assert.deepEqual(remaining.map((d) => d.code), ['unawaited-coroutine']);
  const lines = client.text(uri).split('\n');
  assert.deepEqual(lines.slice(0, 3), ['import time', 'import asyncio', ''], 'the import is added once');
  assert.equal(lines[9], '    await asyncio.sleep(1)');
  assert.equal(lines[11], '    await asyncio.sleep(2)');
});

test('source.fixAll.awaitwise applies every safe fix and leaves unsafe ones', async () => {
  const uri = 'file:///project/fix-all.ts';
  const diagnostics = await open(uri, 'typescript', TYPESCRIPT);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  assert.deepEqual(await client.codeActions(uri, range, []), [], 'not offered unless asked for');
  const quickFixes = await client.codeActions(uri, range, diagnostics, [CodeActionKind.QuickFix]);
  assert.ok(quickFixes.length > 0 && quickFixes.every((action) => action.kind === CodeActionKind.QuickFix), 'quick fixes only');
  for (const only of [['source.fixAll.awaitwise'], ['source.fixAll'], ['source']]) {
    const actions = await client.codeActions(uri, range, [], only);
    assert.deepEqual(actions.map((action) => [action.title, action.kind]), [['Apply all safe awaitwise fixes', 'source.fixAll.awaitwise']], `only: ${only}`);
  }
  const [fixAll] = await client.codeActions(uri, range, [], ['source.fixAll']);
  const remaining = await apply(uri, fixAll);
  assert.equal(client.text(uri).split('\n')[4], '  new Promise((resolve) => resolve(1)).catch(() => {});');
  assert.deepEqual(remaining.map((d) => d.code), ['floating-promise'], 'floating-promise has no safe fix');
  assert.deepEqual(await client.codeActions(uri, range, [], ['source.fixAll']), [], 'nothing left to fix');
});

test('fix-all on save sees the text being saved even before it was pulled', async () => {
  const uri = 'file:///project/save.py';
  await open(uri, 'python', 'import time\n');
  await client.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, 'async def f():\n    time.sleep(1)\n');
  const [fixAll] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.awaitwise']);
  assert.ok(fixAll, 'offered for the unpulled version');
  assert.deepEqual(await apply(uri, fixAll), []);
  assert.equal(client.text(uri), 'import time\nimport asyncio\nasync def f():\n    await asyncio.sleep(1)\n');
});

test('fix-all the client cancels while the server waits for the settings is answered "request cancelled"', async () => {
  const uri = 'file:///project/fix-all-cancelled.py';
  // Not pulled: fix-all has to fetch the settings and analyse, and the cancellation comes first.
  await client.open(uri, 'python', PYTHON);
  const start = { line: 0, character: 0 };
  const params = { textDocument: { uri }, range: { start, end: start }, context: { diagnostics: [], only: ['source.fixAll.awaitwise'] } };
  await assert.rejects(client.requestThenCancel(CodeActionRequest.method, params), (error: unknown) => {
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, LSPErrorCodes.RequestCancelled);
    return true;
  });
  assert.equal((await client.codeActions(uri, params.range, [], ['source.fixAll.awaitwise'])).length, 1, 'asked again, it is answered');
});

test('actions for outdated diagnostics are not offered, and outdated actions resolve to no edit', async () => {
  const uri = 'file:///project/outdated.py';
  const [sleep] = await open(uri, 'python', PYTHON);
  const [fix] = await actionsFor(uri, sleep);
  await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# header\n');
  assert.deepEqual(await actionsFor(uri, sleep), [], 'the diagnostic belongs to version 1');
  assert.equal((await client.resolve(fix)).edit, undefined);
  // After the next pull the actions come back for the moved finding.
  const [moved] = await client.diagnostics(uri);
  assert.equal(moved.range.start.line, 9);
  assert.equal((await actionsFor(uri, moved)).length, 3);
});
