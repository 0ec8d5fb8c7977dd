// Copy and export of the checklist as Markdown (for a pull-request description), and the reset
// of the manual ticks the Markdown reports.
import * as vscode from 'vscode';
import { renderChecklistMarkdown } from '../../../server/src/checklist/markdown';
import { plural } from '../../../server/src/docs/plural';
import { markdownHeading } from './describe';
import type { ChecklistMemory } from './memory';
import type { ChecklistView } from './view';

const DEFAULT_FILE_NAME = 'async-review-checklist.md';

async function checklistMarkdown(view: ChecklistView, memory: ChecklistMemory): Promise<string | undefined> {
  const snapshot = await view.snapshot();
  if (!snapshot) return undefined;
  return renderChecklistMarkdown(snapshot.response, {
    ticked: memory.ticked,
    heading: markdownHeading(snapshot.response, snapshot.fileName),
  });
}

export async function copyChecklistMarkdown(view: ChecklistView, memory: ChecklistMemory): Promise<void> {
  const markdown = await checklistMarkdown(view, memory);
  if (markdown === undefined) return;
  await vscode.env.clipboard.writeText(markdown);
  void vscode.window.showInformationMessage('Awaitwise: the checklist is on the clipboard as Markdown.');
}

export async function exportChecklistMarkdown(view: ChecklistView, memory: ChecklistMemory): Promise<void> {
  const markdown = await checklistMarkdown(view, memory);
  if (markdown === undefined) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Checklist as Markdown',
    saveLabel: 'Export',
    filters: { Markdown: ['md'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, DEFAULT_FILE_NAME) } : {}),
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
  } catch (error) {
    void vscode.window.showErrorMessage(`Awaitwise: could not write ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const open = await vscode.window.showInformationMessage(`Awaitwise: checklist exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}

export async function resetManualChecks(view: ChecklistView, memory: ChecklistMemory): Promise<void> {
  const count = memory.ticked.size;
  if (count === 0) {
    void vscode.window.showInformationMessage('Awaitwise: no manual checks are ticked.');
    return;
  }
  const reset = 'Reset';
  const answer = await vscode.window.showWarningMessage(
    `Untick ${plural(count, 'manual check')}?`,
    { modal: true, detail: 'The ticks of this workspace are cleared; automatic checks are not affected.' },
    reset,
  );
  if (answer !== reset) return;
  await memory.clearTicked();
  view.tickedChanged();
}
