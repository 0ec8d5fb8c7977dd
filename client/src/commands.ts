// The command table: every contributed command id mapped to its handler, in one place.
import * as vscode from 'vscode';
import type { CommandId } from './contract';
import { fixAllInActiveEditor } from './fix-all';
import type { ServerController } from './server-controller';

export interface CommandContext {
  server: ServerController;
  output: vscode.LogOutputChannel;
}

type CommandHandler = (context: CommandContext) => void | Promise<void>;

// A `Record` over `CommandId`: adding an id without a handler (or the reverse) fails to compile.
const handlers: Record<CommandId, CommandHandler> = {
  'awaitwise.restartServer': ({ server }) => server.restart(),
  'awaitwise.showOutput': ({ output }) => output.show(),
  'awaitwise.fixAll': () => fixAllInActiveEditor(),
};

export function registerCommands(context: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, () => handler(context))),
  );
}
