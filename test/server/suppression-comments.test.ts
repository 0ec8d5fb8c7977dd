// The language server inside suppression comments, over stdio: hover on a rule id or a peer
// code, completion of rule ids and noqa codes, and unused directives as faded hints whose
// quick fix removes them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Position,
  type TextEdit,
} from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { rangeOf } from '../helpers/text-edits';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start();
});
after(() => client.dispose());

let documents = 0;

async function openAnalysed(languageId: string, text: string): Promise<string> {
  const extension = languageId === 'python' ? 'py' : 'ts';
  const uri = `file:///project/comments-${documents++}.${extension}`;
  await client.open(uri, languageId, text);
  await client.diagnostics(uri);
  return uri;
}

/** The position of the `offset`-th character of the first occurrence of `needle`. */
function at(text: string, needle: string, offset = 0): Position {
  const { start } = rangeOf(text, needle);
  return { line: start.line, character: start.character + offset };
}

function hoverText(hover: Awaited<ReturnType<LspTestClient['hover']>>): string {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

describe('hover in suppression comments', () => {
  const PYTHON = 'import time\n\n\nasync def poll():\n    time.sleep(5)  # awaitwise: ignore[blocking-sleep]\n    time.sleep(6)  # noqa: ASYNC251\n';

  test('on a rule id of ours: the rule\'s docs, over the id', async () => {
    const uri = await openAnalysed('python', PYTHON);
    const hover = await client.hover(uri, at(PYTHON, 'blocking-sleep]', 3));
    const value = hoverText(hover);
    assert.match(value, /^\*\*Blocking sleep inside async code\*\* — `blocking-sleep`/);
    assert.match(value, /Named in this suppression comment/);
    assert.match(value, /\*\*Why it hurts\.\*\*/);
    assert.deepEqual(hover?.range, rangeOf(PYTHON, 'blocking-sleep'));
  });

  test('on a noqa peer code: the rule that covers it', async () => {
    const uri = await openAnalysed('python', PYTHON);
    const hover = await client.hover(uri, at(PYTHON, 'ASYNC251', 2));
    const value = hoverText(hover);
    assert.match(value, /`blocking-sleep`/);
    assert.match(value, /`ASYNC251` is a peer code of this rule/);
    assert.deepEqual(hover?.range, rangeOf(PYTHON, 'ASYNC251'));
    assert.equal(await client.hover(uri, at(PYTHON, '# noqa')), null, 'nothing over the rest of the comment');
  });

  test('on an eslint rule name that is a peer name, and on a code covered by two rules', async () => {
    const ts = 'async function save() {}\n// eslint-disable-next-line @typescript-eslint/no-floating-promises\nsave();\n';
    const tsUri = await openAnalysed('typescript', ts);
    assert.match(hoverText(await client.hover(tsUri, at(ts, 'no-floating-promises'))), /`floating-promise`/);
    const py = 'from pathlib import Path\n\n\nasync def f(p: Path):\n    p.touch()  # noqa: ASYNC233\n';
    const pyUri = await openAnalysed('python', py);
    const sections = hoverText(await client.hover(pyUri, at(py, 'ASYNC233'))).split('\n\n---\n\n');
    assert.deepEqual(sections.map((section) => /— `([a-z-]+)`/.exec(section)?.[1]), ['blocking-file-io', 'blocking-os-path']);
  });

  test('over an unused id: the hint first, then the rule the id names', async () => {
    const text = 'import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(5)  # awaitwise: ignore[blocking-sleep]\n';
    const uri = await openAnalysed('python', text);
    const hover = await client.hover(uri, at(text, 'blocking-sleep', 1));
    const sections = hoverText(hover).split('\n\n---\n\n');
    assert.equal(sections.length, 2);
    assert.match(sections[0], /`unused-suppression`/);
    assert.match(sections[0], /'blocking-sleep' is suppressed here but reports nothing on this line/);
    assert.match(sections[1], /`blocking-sleep`/);
    assert.deepEqual(hover?.range, rangeOf(text, 'blocking-sleep'));
    // Finding hovers still work elsewhere.
    const plain = 'import time\n\n\nasync def poll():\n    time.sleep(5)\n';
    const plainUri = await openAnalysed('python', plain);
    assert.match(hoverText(await client.hover(plainUri, at(plain, 'sleep(5)'))), /`blocking-sleep`/);
  });
});

function items(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(result, 'a completion answer');
  return Array.isArray(result) ? result : result.items;
}

describe('completion in suppression comments', () => {
  test('the server offers completion with its trigger characters', () => {
    assert.deepEqual(client.initializeResult.capabilities.completionProvider?.triggerCharacters, ['[', ',', ' ', ':']);
  });

  test('Python: rule ids after `# awaitwise: ignore[`, replacing the word being typed', async () => {
    const text = 'import time\n\n\nasync def poll():\n    time.sleep(5)  # awaitwise: ignore[dangling-task, blo\n';
    const uri = await openAnalysed('python', text);
    const end = at(text, 'blo', 3);
    const offered = items(await client.completion(uri, end));
    const sleep = offered.find((item) => item.label === 'blocking-sleep');
    assert.ok(sleep);
    assert.equal(sleep.kind, CompletionItemKind.EnumMember);
    assert.equal(sleep.detail, 'Blocking sleep inside async code');
    assert.match((sleep.documentation as MarkupContent).value, /blocking sleep/i);
    assert.deepEqual(sleep.textEdit as TextEdit, { range: { start: at(text, 'blo'), end }, newText: 'blocking-sleep' });
    const labels = offered.map((item) => item.label);
    assert.ok(!labels.includes('dangling-task'), 'ids already listed are not offered again');
    assert.ok(!labels.includes('floating-promise'), 'only rules of the file\'s language');
    assert.ok(labels.includes('unused-suppression'));
  });

  test('Python: right after `[` the whole list is offered', async () => {
    const text = 'x = 1  # awaitwise: ignore[\n';
    const uri = await openAnalysed('python', text);
    const position = at(text, '[', 1);
    const offered = items(await client.completion(uri, position));
    assert.ok(offered.length > 10);
    assert.deepEqual((offered[0].textEdit as TextEdit).range, { start: position, end: position });
  });

  test('Python: ASYNC codes after `# noqa: `, with the rule id in detail', async () => {
    const text = 'x = 1  # noqa: E501, ASYNC2\n';
    const uri = await openAnalysed('python', text);
    const end = at(text, 'ASYNC2', 6);
    const offered = items(await client.completion(uri, end));
    const code = offered.find((item) => item.label === 'ASYNC251');
    assert.ok(code);
    assert.equal(code.detail, 'blocking-sleep');
    assert.deepEqual((code.textEdit as TextEdit).range, { start: at(text, 'ASYNC2'), end });
    assert.ok(offered.every((item) => /^ASYNC\d+$/.test(item.label)));
  });

  test('TS: rule ids after `// awaitwise-ignore-next-line `', async () => {
    const text = 'async function save() {}\n// awaitwise-ignore-next-line flo\nsave();\n';
    const uri = await openAnalysed('typescript', text);
    const end = at(text, 'flo\n', 3);
    const offered = items(await client.completion(uri, end));
    const floating = offered.find((item) => item.label === 'floating-promise');
    assert.ok(floating);
    assert.deepEqual(floating.textEdit as TextEdit, { range: { start: at(text, 'flo\n'), end }, newText: 'floating-promise' });
    assert.ok(!offered.some((item) => item.label === 'unnamed-task'), 'Python-only rules are not offered');
  });

  test('nothing in ordinary comments, in code, in strings, or past a reason', async () => {
    const python = 'x = "# awaitwise: ignore["  # just a note [\ny = 1\n';
    const pyUri = await openAnalysed('python', python);
    assert.equal(await client.completion(pyUri, at(python, 'ignore[', 7)), null, 'inside a string');
    assert.equal(await client.completion(pyUri, at(python, 'note [', 6)), null, 'an ordinary comment');
    assert.equal(await client.completion(pyUri, { line: 1, character: 5 }), null, 'code');
    const script = 'const a = 1; // awaitwise-ignore-next-line flo\n// awaitwise-ignore-next-line floating-promise -- because \nsave();\n';
    const tsUri = await openAnalysed('typescript', script);
    assert.equal(await client.completion(tsUri, at(script, 'flo\n', 3)), null, 'a directive must start its line');
    assert.equal(await client.completion(tsUri, at(script, 'because ', 8)), null, 'in the reason');
  });
});

describe('unused suppression comments', () => {
  test('are faded hints whose quick fix removes them', async () => {
    const text = 'import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(5)  # awaitwise: ignore[blocking-sleep]\n';
    const uri = 'file:///project/unused.py';
    await client.open(uri, 'python', text);
    const [diagnostic, ...others] = await client.diagnostics(uri);
    assert.deepEqual(others, []);
    assert.equal(diagnostic.code, 'unused-suppression');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Hint);
    assert.deepEqual(diagnostic.tags, [DiagnosticTag.Unnecessary]);
    assert.deepEqual(diagnostic.range, rangeOf(text, '# awaitwise: ignore[blocking-sleep]'));
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Remove the unused suppression comment', 'Ignore unused-suppression on this line'],
    );
    const resolved = await client.resolve(actions[0]);
    assert.ok(resolved.edit);
    await client.applyWorkspaceEdit(resolved.edit);
    assert.equal(client.text(uri), 'import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(5)\n');
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  test('other findings keep no tag', async () => {
    const text = 'import time\n\n\nasync def poll():\n    time.sleep(5)\n';
    const uri = await openAnalysed('python', text);
    const [diagnostic] = await client.diagnostics(uri);
    assert.equal(diagnostic.code, 'blocking-sleep');
    assert.equal(diagnostic.tags, undefined);
  });
});
