// The extension's entry point: starts the Awaitwise language server and registers the commands.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ServerController } from './server-controller';

let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Awaitwise', { log: true });
  const controller = new ServerController(context, output);
  server = controller;
  context.subscriptions.push(output, registerCommands({ server: controller, output }));
  await controller.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
