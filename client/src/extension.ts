// The extension's entry point: starts the Awaitwise language server and registers the commands,
// the checklist view and the status bar item.
import * as vscode from 'vscode';
import { JsonFileStore } from './checklist/file-store';
import { ChecklistMemory } from './checklist/memory';
import { ChecklistView } from './checklist/view';
import { registerCommands } from './commands';
import { ServerController } from './server-controller';
import { createStatusBar } from './status-bar';
import { restartWhenTrusted } from './workspace-trust';

let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Awaitwise', { log: true });
  const controller = new ServerController(context, output);
  server = controller;
  // Without a folder open there is no per-workspace storage folder; workspaceState still serves.
  const memory = new ChecklistMemory(context.storageUri ? await JsonFileStore.open(context.storageUri) : context.workspaceState);
  const checklist = new ChecklistView(controller, memory, output);
  context.subscriptions.push(
    output,
    controller,
    checklist,
    createStatusBar(controller),
    registerCommands({ server: controller, output, checklist, memory }),
    restartWhenTrusted(controller, output),
  );
  await controller.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
