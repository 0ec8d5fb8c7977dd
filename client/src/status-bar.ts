// The status bar item: the server's state and how many Awaitwise problems the open and analyzed
// files have. Clicking it opens the checklist.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type CommandId } from './contract';
import type { ServerController } from './server-controller';
import { summarizeStatus, type SeverityCounts } from './status-summary';

const UPDATE_DELAY_MS = 250;
const OPEN_CHECKLIST: CommandId = 'awaitwise.checklist.open';

function countAwaitwiseDiagnostics(): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      switch (diagnostic.severity) {
        case vscode.DiagnosticSeverity.Error:
          counts.error++;
          break;
        case vscode.DiagnosticSeverity.Warning:
          counts.warning++;
          break;
        case vscode.DiagnosticSeverity.Information:
          counts.information++;
          break;
        default:
          counts.hint++;
      }
    }
  }
  return counts;
}

export function createStatusBar(server: ServerController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('awaitwise.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Awaitwise';
  item.command = OPEN_CHECKLIST;
  let timer: NodeJS.Timeout | undefined;

  const update = (): void => {
    timer = undefined;
    const summary = summarizeStatus(server.state, countAwaitwiseDiagnostics(), server.restartingAfter);
    item.text = summary.text;
    item.tooltip = new vscode.MarkdownString(summary.tooltip);
    item.backgroundColor = summary.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  const scheduleUpdate = (): void => {
    if (timer === undefined) timer = setTimeout(update, UPDATE_DELAY_MS);
  };

  update();
  item.show();
  return vscode.Disposable.from(
    item,
    vscode.languages.onDidChangeDiagnostics(scheduleUpdate),
    server.onDidChangeState(update),
    new vscode.Disposable(() => clearTimeout(timer)),
  );
}
