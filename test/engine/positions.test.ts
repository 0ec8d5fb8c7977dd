// Ranges are 0-based lines and UTF-16 columns, as LSP requires, whatever the line endings.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/text';

before(() => initEngine());

test('Python columns count UTF-16 code units after astral characters', () => {
  const text = 'import time\nasync def f():\n    x = "😀🎉"; time.sleep(1)\n';
  const [finding] = analyze(text, 'python');
  assert.equal(finding.ruleId, 'blocking-sleep');
  // `    x = "😀🎉"; ` is 4 + 4 + 1 + 4 (two surrogate pairs) + 1 + 2 = 16 code units.
  assert.deepEqual(finding.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 29 } });
});

test('TypeScript columns count UTF-16 code units after astral characters', () => {
  const text = "import fs from 'fs';\nasync function f() { const s = '🚀'; fs.readFileSync('x'); }\n";
  const [finding] = analyze(text, 'typescript');
  assert.equal(finding.ruleId, 'blocking-file-io');
  const start = text.split('\n')[1].indexOf('fs.readFileSync');
  assert.deepEqual(finding.range.start, { line: 1, character: start });
});

test('CRLF line endings give the same positions as LF', () => {
  const lf = 'import time\n\nasync def f():\n    time.sleep(1)\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  assert.deepEqual(analyze(crlf, 'python')[0].range, analyze(lf, 'python')[0].range);
  const script = 'async function f() {}\n\nfunction g() {\n  f();\n}\n';
  assert.deepEqual(analyze(script.replace(/\n/g, '\r\n'), 'typescript')[0].range, analyze(script, 'typescript')[0].range);
});

test('a lone CR ends a line in Python, as it does for editors and in TypeScript', () => {
  // tree-sitter's Python grammar only breaks lines at \n; it once put every finding of such a file on line 0.
  const lf = 'import time\n\nasync def f():\n    x = "😀"; time.sleep(1)\n';
  const [finding] = analyze(lf.replace(/\n/g, '\r'), 'python');
  assert.equal(finding.ruleId, 'blocking-sleep');
  assert.deepEqual(finding.range, analyze(lf, 'python')[0].range);
  assert.deepEqual(finding.range.start, { line: 3, character: 14 });
  assert.deepEqual(finding.fixes[0].edits[1], { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'import asyncio\r' });
});

test('LineIndex converts both ways across \\n, \\r\\n and lone \\r', () => {
  const text = 'a\r\nbc\rd\ne';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 2, character: 0 });
  assert.equal(lines.offsetAt({ line: 1, character: 1 }), text.indexOf('c'));
  assert.equal(lines.lineText(0), 'a');
  assert.equal(lines.offsetAt({ line: 0, character: 99 }), 1, 'columns past the end clamp to the line end');
  assert.equal(lines.eol, '\r\n');
});

test('a range that ends with a comment stops before the \\r of a CRLF line break', () => {
  // A comment token takes in the `\r`; a fix replacing through it must neither split the line
  // break nor copy the `\r` into its new text.
  const lf = 'import trio\n\nasync def f(worker):\n    async with trio.open_nursery() as n: n.start_soon(worker)  # why\n';
  const fixOf = (text: string) => analyze(text, 'python', { rules: new Map([['unnecessary-task-group', 'information']]) })[0].fixes[0];
  assert.deepEqual(fixOf(lf.replace(/\n/g, '\r\n')), fixOf(lf));
  assert.equal(fixOf(lf).edits[0].newText, 'await worker()  # why');
});
