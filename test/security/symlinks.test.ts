// Scans stay inside the folder they were given: a symlinked file leading elsewhere on the disk
// is neither analysed by `awaitwise check` nor reported by the language server's workspace
// pass, a link to a file inside is analysed once (under the file's own path), and symlinked
// folders are never entered. (The same rules for file events: test/workspace/files.test.ts.)
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { parseReport, ruleLines, runCli, SOURCES } from '../cli/harness';
import { LspTestClient } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';
import { disposeAfterTests } from '../helpers/workspace-server';

/**
 * A folder with a finding in each of its own files, a link to a file outside it (with a finding
 * too), a link to one of its files, a link to a folder outside and one back to itself.
 */
function linkedTree(t: TestContext): string | undefined {
  const outside = tempTree({ 'secret.py': SOURCES.blockingSleep, 'pkg/lib.py': SOURCES.blockingSleep });
  const root = tempTree({ 'app.py': SOURCES.unawaited, 'lib/real.py': SOURCES.danglingTask });
  try {
    symlinkSync(join(outside, 'secret.py'), join(root, 'vendor.py'), 'file');
    symlinkSync(join(root, 'lib', 'real.py'), join(root, 'alias.py'), 'file');
    symlinkSync(join(outside, 'pkg'), join(root, 'linked-pkg'), 'dir');
    symlinkSync(root, join(root, 'lib', 'loop'), 'dir');
  } catch {
    t.skip('symlinks are not available here');
    return undefined;
  }
  return root;
}

test('awaitwise check leaves a link out of the folder aside with a note, and checks a linked file once', (t) => {
  const root = linkedTree(t);
  if (!root) return;
  const run = runCli(['check', '--no-cache', '--format', 'json'], { cwd: root });
  assert.equal(run.status, 1, 'findings, and no error');
  assert.deepEqual(ruleLines(parseReport(run)), ['unawaited-coroutine app.py:5', 'dangling-task lib/real.py:7']);
  assert.equal(run.stderr, 'awaitwise: note: skipped vendor.py: a symbolic link to a file outside the folder being checked\n');
});

test("the language server's workspace pass reports no file outside the folder, and a linked file once", async (t) => {
  const root = linkedTree(t);
  if (!root) return;
  const folder = pathToFileURL(root).href;
  const client = disposeAfterTests(await LspTestClient.start({ workspaceFolders: [{ uri: folder, name: 'app' }] }));
  const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
  const byFile = report.items.map((item) => `${item.uri.slice(folder.length + 1)}: ${item.kind === 'full' ? item.items.map((diagnostic) => diagnostic.code).join(',') : ''}`);
  assert.deepEqual(byFile.sort(), ['app.py: unawaited-coroutine', 'lib/real.py: dangling-task']);
});
