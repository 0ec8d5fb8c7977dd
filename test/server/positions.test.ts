// The editor and the command line put each finding at the same place: LSP's 0-based
// line/character and the CLI's 1-based line/column (JSON and text formats) name the same UTF-16
// code unit, in files with CRLF line breaks and with emoji, astral letters (in strings, comments
// and identifiers) and combining marks before the findings on their lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { parseReport, runCli } from '../cli/harness';
import { LspTestClient } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Each file, and the call each of its findings must span exactly, by rule. */
const FILES = {
  'emoji.py': {
    language: 'python',
    text: crlf([
      'import asyncio',
      'import time',
      '',
      '',
      'async def main():',
      '    label = "😀 𝔘 👨‍👩‍👧‍👦"; time.sleep(1)  # 🎉',
      '    𝔘𝔫𝔦 = "𝔘"; asyncio.create_task(main())',
      '    x = "e\u0301 ﷺ 🎉"; time.sleep(2); time.sleep(3)',
    ]),
    spans: { 'blocking-sleep': /^time\.sleep\(\d\)$/, 'dangling-task': /^asyncio\.create_task\(main\(\)\)$/ },
    count: 4,
  },
  'emoji.ts': {
    language: 'typescript',
    text: crlf([
      "import fs from 'node:fs';",
      'async function save(): Promise<void> {}',
      'export async function main(path: string) {',
      "  const s = '😀👨‍👩‍👧‍👦'; fs.readFileSync(path);",
      '  const 𝔘𝔫𝔦 = `𝔘 ${s}`; /* 🎉 */ save();',
      '}',
    ]),
    spans: { 'blocking-file-io': /^fs\.readFileSync\(path\)$/, 'floating-promise': /^save\(\);?$/ },
    count: 2,
  },
} as const;

type FileName = keyof typeof FILES;

let root: string;
let client: LspTestClient;
const lspFindings = new Map<FileName, Diagnostic[]>();

before(async () => {
  root = tempTree(Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, file.text])));
  client = await LspTestClient.start();
  for (const [name, file] of Object.entries(FILES) as [FileName, (typeof FILES)[FileName]][]) {
    const uri = pathToFileURL(join(root, name)).href;
    // What an editor sends: the file's own text, CRLF line breaks included.
    await client.open(uri, file.language, readFileSync(join(root, name), 'utf8'));
    lspFindings.set(name, await client.diagnostics(uri));
  }
});
after(() => client.dispose());

/** `rule start-end` with 1-based lines and columns, the CLI's way. */
function locationKey(rule: string, line: number, column: number, endLine: number, endColumn: number): string {
  return `${rule} ${line}:${column}-${endLine}:${endColumn}`;
}

function lspKeys(name: FileName): string[] {
  return lspFindings
    .get(name)!
    .map(({ code, range: { start, end } }) => locationKey(String(code), start.line + 1, start.character + 1, end.line + 1, end.character + 1))
    .sort();
}

test('each LSP finding spans exactly its call, columns counted in UTF-16 code units', () => {
  for (const name of Object.keys(FILES) as FileName[]) {
    const { text, spans, count } = FILES[name];
    const lines = text.split(/\r?\n/);
    const diagnostics = lspFindings.get(name)!;
    assert.equal(diagnostics.length, count, `${name}: ${diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`);
    let afterAstral = 0;
    for (const { code, range } of diagnostics) {
      const span = spans[String(code) as keyof typeof spans] as RegExp | undefined;
      assert.ok(span, `${name}: unexpected ${String(code)}`);
      assert.equal(range.start.line, range.end.line);
      const line = lines[range.start.line];
      assert.match(line.slice(range.start.character, range.end.character), span, `${name}:${range.start.line + 1} ${line}`);
      // Where characters outside the BMP come first, counting code points would land elsewhere.
      if (/[\uD800-\uDFFF]/.test(line.slice(0, range.start.character))) afterAstral++;
    }
    assert.equal(afterAstral, count, `${name}: every finding should follow astral characters on its line`);
  }
});

test('the CLI JSON report gives every finding the LSP position plus one', () => {
  const run = runCli(['check', '--format', 'json', '.'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  const report = parseReport(run);
  for (const name of Object.keys(FILES) as FileName[]) {
    const cli = report.findings
      .filter((finding) => finding.path === name)
      .map((finding) => locationKey(finding.rule, finding.line, finding.column, finding.endLine, finding.endColumn))
      .sort();
    assert.deepEqual(cli, lspKeys(name), name);
  }
});

test("the CLI text report's path:line:col agrees with LSP too", () => {
  const run = runCli(['check', '.'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  const located = [...run.stdout.matchAll(/^(\S+):(\d+):(\d+): \w+ \[([a-z-]+)\]/gm)];
  for (const name of Object.keys(FILES) as FileName[]) {
    const cli = located
      .filter(([, path]) => path === name)
      .map(([, , line, column, rule]) => `${rule} ${line}:${column}`)
      .sort();
    const lsp = lspKeys(name).map((key) => key.replace(/-\d+:\d+$/, '')).sort();
    assert.deepEqual(cli, lsp, name);
  }
});
