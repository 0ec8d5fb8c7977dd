// The walkthrough's "open a sample" button: an unsaved Python file with findings to look at.
import * as vscode from 'vscode';
import { SAMPLE_PYTHON } from './walkthrough-sample';


export async function openSample(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'python', content: SAMPLE_PYTHON });
  await vscode.window.showTextDocument(document, { preview: false });
}
