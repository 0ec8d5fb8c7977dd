// "Fix All Auto-Fixable Problems": asks the server for its fix-all source action on the
// active editor and applies it, the same action `editor.codeActionsOnSave` runs.
import * as vscode from 'vscode';
import { isSupportedLanguage } from '../../server/src/engine/languages';
import { FIX_ALL_KIND } from './contract';

const fixAllKind = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

function isFixAllAction(action: vscode.CodeAction | vscode.Command): action is vscode.CodeAction {
  return 'kind' in action && action.kind !== undefined && fixAllKind.contains(action.kind);
}

export async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isSupportedLanguage(editor.document.languageId)) {
    void vscode.window.showInformationMessage('Awaitwise: open a Python, TypeScript or JavaScript file to fix its problems.');
    return;
  }
  const { document } = editor;
  const wholeDocument = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
  // The server sends its fix-all action without the edit and fills it in on resolve; it
  // offers at most one per file, so resolving one item is enough.
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
    'vscode.executeCodeActionProvider',
    document.uri,
    wholeDocument,
    FIX_ALL_KIND,
    1,
  );
  const fixAll = actions?.find(isFixAllAction);
  if (!fixAll) {
    void vscode.window.showInformationMessage('Awaitwise: nothing in this file can be fixed automatically.');
    return;
  }
  // An action still empty after resolving was computed for text that has changed since.
  const applied = fixAll.edit ? await vscode.workspace.applyEdit(fixAll.edit) : fixAll.command !== undefined;
  if (!applied) {
    void vscode.window.showWarningMessage('Awaitwise: the file changed while the fixes were being prepared. Try again.');
    return;
  }
  if (fixAll.command) await vscode.commands.executeCommand(fixAll.command.command, ...(fixAll.command.arguments ?? []));
}
