// The time budget of one file's analysis, in servers run from source with preloads/slow-rule.ts:
// blocking-sleep burns CPU on every `crunch()` call, so a file full of them would take about
// 20 s, and the budget is lowered to 0.5 s. The analysis is stopped and the file gets a notice
// instead of findings; the server answers everything else and logs the timeout once per file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover, type WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { sourceServerArgs } from '../helpers/source-server';
import { disposeAfterTests, startInWorkspace } from '../helpers/workspace-server';
import { LspTestClient } from '../helpers/lsp-client';

const serverArgs = sourceServerArgs(join(__dirname, 'preloads', 'slow-rule.ts'));

/** 5,000 slow calls of 4 ms each: about 20 s of analysis without a budget. */
const SLOW = `async def main():\n${'    crunch()\n'.repeat(5000)}`;

const SLEEPY = 'import time\n\n\nasync def tick():\n    time.sleep(1)\n';

/** Far below the 20 s the slow file would take, far above what stopping it at 0.5 s takes. */
const PROMPT_MS = 10_000;

function assertTimeoutNotice(diagnostics: Diagnostic[]): void {
  assert.equal(diagnostics.length, 1, 'the notice alone: no partial findings');
  const [notice] = diagnostics;
  assert.equal(notice.code, 'analysis-timeout');
  assert.equal(notice.severity, DiagnosticSeverity.Information);
  assert.equal(notice.source, 'awaitwise');
  assert.match(String(notice.message), /stopped analysing this file after 0\.5 s/);
}

function timeoutLogs(client: LspTestClient, path: string): string[] {
  return client.logs.filter(({ message }) => message.startsWith(`Analysing ${path} took more than 0.5 s`)).map(({ message }) => message);
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

test('an open file over budget is stopped with a notice, logged once, and holds nothing else up', async () => {
  const client = disposeAfterTests(await LspTestClient.start({ serverArgs }));
  const slow = 'file:///project/slow.py';
  const sleepy = 'file:///project/sleepy.py';
  await client.open(sleepy, 'python', SLEEPY);
  const [finding] = await client.diagnostics(sleepy);
  assert.equal(finding.code, 'blocking-sleep', 'files without slow calls are analysed as usual');

  await client.open(slow, 'python', SLOW);
  const first = await timed(client.pull(slow));
  assert.ok(first.ms < PROMPT_MS, `answered in ${Math.round(first.ms)} ms`);
  assert.equal(first.value.kind, 'full');
  assertTimeoutNotice(first.value.kind === 'full' ? first.value.items : []);
  // The same version is not analysed again.
  const again = await timed(client.pull(slow, first.value.resultId));
  assert.deepEqual(again.value, { kind: 'unchanged', resultId: first.value.resultId });

  // Typing does not spend the budget again: the notice stays until the file is saved.
  await client.edit(slow, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '    crunch()\n');
  const typed = await client.pull(slow, first.value.resultId);
  assert.deepEqual(typed, { kind: 'unchanged', resultId: first.value.resultId });
  assert.match(String((await client.diagnostics(slow))[0]?.message), /analysed again when it is saved/);

  // Once saved it runs out of time again; a hover sent meanwhile waits for the stop, not the end.
  await client.save(slow);
  const pulled = client.pull(slow, first.value.resultId);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const hover = await timed(client.hover(sleepy, finding.range.start));
  assert.ok(hover.ms < PROMPT_MS, `hover answered in ${Math.round(hover.ms)} ms`);
  const contents = (hover.value as Hover).contents as { kind: string; value: string };
  assert.equal(contents.kind, MarkupKind.Markdown);
  assert.match(contents.value, /blocking-sleep/);
  const saved = await pulled;
  assert.equal(saved.kind, 'full', 'analysed again after the save');
  assert.notEqual(saved.resultId, first.value.resultId);
  assertTimeoutNotice(saved.kind === 'full' ? saved.items : []);

  // Other documents are still analysed, before and after.
  await client.edit(sleepy, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, '    time.sleep(2)\n');
  assert.deepEqual((await client.diagnostics(sleepy)).map((diagnostic) => diagnostic.code), ['blocking-sleep', 'blocking-sleep']);

  const logged = timeoutLogs(client, fileURLToPath(slow));
  assert.equal(logged.length, 1, 'once per file, not per version');
});

test('a workspace file over budget is reported with the notice, logged once, and the pass completes', async () => {
  const workspace = await startInWorkspace({ 'slow.py': SLOW, 'sleepy.py': SLEEPY }, { serverArgs });
  const report = await workspace.client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
  const byUri = new Map(report.items.map((item) => [item.uri, item.kind === 'full' ? item.items : []]));
  assert.deepEqual([...byUri.keys()].sort(), [workspace.uri('sleepy.py'), workspace.uri('slow.py')]);
  assert.deepEqual(byUri.get(workspace.uri('sleepy.py'))!.map((diagnostic) => diagnostic.code), ['blocking-sleep']);
  assertTimeoutNotice(byUri.get(workspace.uri('slow.py'))!);
  assert.equal(timeoutLogs(workspace.client, join(workspace.root, 'slow.py')).length, 1);
});
