// Hover over a finding: the rule's explanation from the cached findings of the current text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { rangeOf } from '../helpers/text-edits';

const PYTHON = 'import time\n\nasync def poll():\n    time.sleep(5)\n';
const TYPESCRIPT = 'new Promise(async (resolve) => resolve(1));\n';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start();
});
after(() => client.dispose());

test('hover on a finding shows its title, message, why, an example in the file language and a link', async () => {
  const uri = 'file:///project/poll.py';
  await client.open(uri, 'python', PYTHON);
  const [diagnostic] = await client.diagnostics(uri);
  const hover = await client.hover(uri, { line: 3, character: 9 });
  assert.ok(hover);
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, MarkupKind.Markdown);
  assert.match(contents.value, /^\*\*Blocking sleep inside async code\*\* — `blocking-sleep`/);
  assert.ok(contents.value.includes(diagnostic.message as string), 'the finding message');
  assert.match(contents.value, /\*\*Why it hurts\.\*\* An event loop runs one thing at a time/);
  assert.match(contents.value, /```python\n# ✗ before\n[^`]*time\.sleep\(5\)/);
  assert.match(contents.value, /```python\n# ✓ after\n[^`]*await asyncio\.sleep\(5\)/);
  assert.match(contents.value, /\[Full documentation\]\(https:\/\/github\.com\/awaitwise\/awaitwise\/blob\/main\/docs\/rules\/blocking-sleep\.md\)/);
  assert.deepEqual(hover.range, diagnostic.range);
});

test('overlapping findings are shown together, separated by a rule', async () => {
  const uri = 'file:///project/executor.ts';
  await client.open(uri, 'typescript', TYPESCRIPT);
  assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['floating-promise', 'async-promise-executor']);
  const hover = await client.hover(uri, rangeOf(TYPESCRIPT, 'async').start);
  const sections = (hover?.contents as MarkupContent).value.split('\n\n---\n\n');
  assert.equal(sections.length, 2);
  assert.match(sections[0], /`floating-promise`/);
  assert.match(sections[1], /`async-promise-executor`/);
  assert.match(sections[1], /```typescript\n\/\/ ✗ before/);
  assert.deepEqual(hover?.range, rangeOf(TYPESCRIPT, 'new Promise(async (resolve) => resolve(1))'));
});

test('no hover away from findings, at the end of a range, or before the text was analysed', async () => {
  const uri = 'file:///project/quiet.py';
  await client.open(uri, 'python', PYTHON);
  assert.equal(await client.hover(uri, { line: 3, character: 9 }), null, 'hover never analyses');
  await client.diagnostics(uri);
  assert.ok(await client.hover(uri, { line: 3, character: 4 }));
  assert.equal(await client.hover(uri, { line: 3, character: 17 }), null, 'the range end is exclusive');
  assert.equal(await client.hover(uri, { line: 2, character: 4 }), null);

  // After an edit the cached findings describe an older text until the next pull.
  await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# comment\n');
  assert.equal(await client.hover(uri, { line: 4, character: 9 }), null);
  await client.diagnostics(uri);
  assert.ok(await client.hover(uri, { line: 4, character: 9 }));
});
