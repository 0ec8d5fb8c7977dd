// The core end-to-end scenarios inside a desktop VS Code's extension host, through the API
// instead of the UI: diagnostics, hover, quick fix, "ignore on this line", a cross-file update,
// a snippet, the checklist, settings and fix on save. The expectations are the code-server
// suite's (test/e2e/scenarios.ts). `run()` is what @vscode/test-electron calls.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  ASYNC_SAVE,
  CHECKLIST,
  FIX_ON_SAVE,
  IGNORE_COROUTINE,
  NOTIFY,
  NOTIFY_FINDINGS,
  SLEEP_FIX,
  SNIPPET,
  STORE,
  WORKER,
  WORKER_FINDINGS,
  type ExpectedFinding,
} from '../e2e/scenarios';

const TIMEOUT_MS = 30_000;

function workspaceUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with test/e2e/workspace open');
  return vscode.Uri.joinPath(folder.uri, ...path.split('/'));
}

/** Polls until `check` returns a value; fails naming the step. */
async function until<T>(step: string, check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${step}: timed out after ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function shows(diagnostics: readonly vscode.Diagnostic[], finding: ExpectedFinding): boolean {
  return diagnostics.some(
    (diagnostic) =>
      diagnostic.source === 'awaitwise' &&
      ruleOf(diagnostic) === finding.rule &&
      diagnostic.range.start.line === finding.line - 1 &&
      diagnostic.range.start.character === finding.column - 1 &&
      finding.message.test(diagnostic.message),
  );
}

async function open(path: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(path)));
}

function lineText(editor: vscode.TextEditor, line: number): string {
  return editor.document.lineAt(line - 1).text;
}

async function applyCodeAction(uri: vscode.Uri, line: number, title: string): Promise<void> {
  const position = new vscode.Position(line - 1, 4);
  const action = await until(`"${title}" is offered on line ${line}`, async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position), undefined, 10);
    return actions.find((candidate) => candidate.title === title);
  });
  assert.ok(action.edit, `"${title}" resolves to an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

const scenarios: [string, () => Promise<void>][] = [
  [
    'diagnostics carry the rule, the message and the position',
    async () => {
      await open(WORKER);
      await until('worker.py findings', () => WORKER_FINDINGS.every((finding) => shows(vscode.languages.getDiagnostics(workspaceUri(WORKER)), finding)));
      await open(NOTIFY);
      await until('notify.ts findings', () => NOTIFY_FINDINGS.every((finding) => shows(vscode.languages.getDiagnostics(workspaceUri(NOTIFY)), finding)));
    },
  ],
  [
    'hover explains a finding',
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workspaceUri(WORKER), new vscode.Position(SLEEP_FIX.line - 1, 6));
      const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      assert.match(text, /Why it hurts/);
      assert.match(text, /blocking-sleep/);
    },
  ],
  [
    'the checklist fails the items the file breaks',
    async () => {
      await open(WORKER);
      await vscode.commands.executeCommand('awaitwise.checklist.copyMarkdown');
      const markdown = await until('the checklist is copied', async () => {
        const text = await vscode.env.clipboard.readText();
        return text.includes('Async review checklist') ? text : undefined;
      });
      for (const item of CHECKLIST.failing) assert.ok(markdown.includes(`- [ ] ${item.title} — **${item.findings} finding`), item.title);
      assert.ok(markdown.includes(`- [ ] ${CHECKLIST.manual}`), CHECKLIST.manual);
    },
  ],
  [
    'the quick fix rewrites the line',
    async () => {
      const editor = await open(WORKER);
      await applyCodeAction(editor.document.uri, SLEEP_FIX.line, SLEEP_FIX.title);
      await until('the blocking sleep is fixed', () => editor.document.getText().includes(SLEEP_FIX.fixedLine));
    },
  ],
  [
    '"ignore on this line" writes the suppression comment',
    async () => {
      const editor = await open(WORKER);
      await applyCodeAction(editor.document.uri, IGNORE_COROUTINE.line, IGNORE_COROUTINE.title);
      assert.equal(lineText(editor, IGNORE_COROUTINE.line), IGNORE_COROUTINE.ignoredLine);
    },
  ],
  [
    'making a function async updates another open file',
    async () => {
      const store = await open(STORE);
      assert.ok(await store.edit((edit) => edit.insert(new vscode.Position(ASYNC_SAVE.storeLine - 1, 0), 'async ')));
      assert.equal(lineText(store, ASYNC_SAVE.storeLine), ASYNC_SAVE.after);
      await until('worker.py reports the unawaited save()', () =>
        vscode.languages.getDiagnostics(workspaceUri(WORKER)).some((diagnostic) => ASYNC_SAVE.message.test(diagnostic.message) && diagnostic.range.start.line === ASYNC_SAVE.workerLine - 1),
      );
    },
  ],
  [
    'a snippet is offered by its prefix',
    async () => {
      const editor = await open('app/scratch.py');
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
      const snippet = list.items.find((item) => (typeof item.label === 'string' ? item.label : item.label.label) === SNIPPET.prefix);
      assert.ok(snippet?.insertText instanceof vscode.SnippetString, `${SNIPPET.prefix} is offered as a snippet`);
      assert.ok(await editor.insertSnippet(snippet.insertText, end));
      assert.ok(editor.document.getText().includes(SNIPPET.inserted));
    },
  ],
  [
    'fix on save applies the safe fixes',
    async () => {
      await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { 'source.fixAll.awaitwise': 'explicit' }, vscode.ConfigurationTarget.Workspace);
      const editor = await open(FIX_ON_SAVE.path);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '#\n'));
      await editor.document.save();
      assert.equal(lineText(editor, FIX_ON_SAVE.line + 1), FIX_ON_SAVE.fixedLine);
    },
  ],
  [
    'turning a rule off removes its findings',
    async () => {
      await vscode.workspace.getConfiguration('awaitwise').update('rules', { 'floating-promise': 'off' }, vscode.ConfigurationTarget.Workspace);
      await open(NOTIFY);
      await until('the floating-promise finding goes away', () =>
        !vscode.languages.getDiagnostics(workspaceUri(NOTIFY)).some((diagnostic) => ruleOf(diagnostic) === 'floating-promise'),
      );
    },
  ],
];

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, scenario] of scenarios) {
    try {
      await scenario();
      console.log(`ok - ${name}`);
    } catch (error) {
      failures.push(name);
      console.error(`not ok - ${name}\n  ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${scenarios.length} scenarios failed: ${failures.join('; ')}`);
}
