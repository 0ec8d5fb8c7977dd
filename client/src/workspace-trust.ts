// Workspace trust for the language server: each start tells it whether the workspace is
// trusted (if not, it ignores the configuration-file keys whose settings VS Code restricts), and
// granting trust restarts it, so nothing stays restricted once the user has decided.
import * as vscode from 'vscode';
import type { InitializationOptions } from '../../server/src/server/workspace-trust';
import type { ServerController } from './server-controller';

/** For the client's `initializationOptions`: a function, so every start, restarts included, reads the current trust. */
export function initializationOptions(): InitializationOptions {
  return { workspaceTrusted: vscode.workspace.isTrusted };
}

/** Trust can only be granted while the window lives: taking it back reloads the window. */
export function restartWhenTrusted(server: ServerController, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    output.info('The workspace is trusted now: restarting the language server');
    void server.restart();
  });
}
