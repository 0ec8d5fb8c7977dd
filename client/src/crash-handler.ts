// The language client's error handler. The default one restarts a crashed server too, but
// shows a notification for every connection error even when it carries on, tells nothing of
// how many restarts are left, and on giving up offers only the output. This one writes each
// crash and connection error to the Awaitwise output with its count, tells the server
// controller so the status bar can show the restart, and on giving up shows a single message
// with a button that restarts the server.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';
import type { CommandId } from './contract';
import { describeCrash, RestartPolicy, type Crash } from './restart-policy';

/** Connection errors in a row that are only logged; the default handler tolerates as many. */
const TOLERATED_CONNECTION_ERRORS = 3;

const RESTART = 'Restart';
const SHOW_OUTPUT = 'Show Output';
const RESTART_COMMAND: CommandId = 'awaitwise.restartServer';
const SHOW_OUTPUT_COMMAND: CommandId = 'awaitwise.showOutput';

export interface CrashListener {
  /** The server stopped unexpectedly and the client is starting it again. */
  restarting(crash: Crash): void;
  /** The client gave up on the server: it stays stopped until the user restarts it. */
  gaveUp(): void;
}

/**
 * One handler per language client: the client's own restarts keep counting crashes, and the
 * restart command, which replaces the client, starts the count afresh.
 */
export function createErrorHandler(listener: CrashListener): ErrorHandler {
  const policy = new RestartPolicy();
  const giveUp = (message: string): void => {
    listener.gaveUp();
    void vscode.window.showErrorMessage(`Awaitwise: ${message}`, RESTART, SHOW_OUTPUT).then((choice) => {
      if (choice === RESTART) void vscode.commands.executeCommand(RESTART_COMMAND);
      else if (choice === SHOW_OUTPUT) void vscode.commands.executeCommand(SHOW_OUTPUT_COMMAND);
    });
  };
  // `handled: true`: the client writes `message` to the output and shows nothing itself.
  return {
    error(error, _message, count) {
      if (count !== undefined && count <= TOLERATED_CONNECTION_ERRORS) {
        return { action: ErrorAction.Continue, handled: true, message: `Talking to the language server failed (${count} in a row): ${error.message}` };
      }
      const message = `Talking to the language server keeps failing (${error.message}), so it was shut down.`;
      giveUp(message);
      return { action: ErrorAction.Shutdown, handled: true, message };
    },
    closed() {
      const crash = policy.crashed();
      const message = describeCrash(crash);
      if (!crash.restart) {
        giveUp(message);
        return { action: CloseAction.DoNotRestart, handled: true, message };
      }
      listener.restarting(crash);
      return { action: CloseAction.Restart, handled: true, message };
    },
  };
}
