// The command table: every contributed command id mapped to its handler, in one place.
import * as vscode from 'vscode';
import { copyChecklistMarkdown, exportChecklistMarkdown, resetManualChecks } from './checklist/export';
import type { ChecklistMemory } from './checklist/memory';
import { openLocation } from './checklist/open-location';
import type { ChecklistView } from './checklist/view';
import type { CommandId } from './contract';
import { fixAllInActiveEditor } from './fix-all';
import type { ServerController } from './server-controller';
import { openSample } from './walkthrough';

export interface CommandContext {
  server: ServerController;
  output: vscode.LogOutputChannel;
  checklist: ChecklistView;
  memory: ChecklistMemory;
}

/** `args` are what the caller passed: a tree item's command arguments, or nothing from the palette. */
type CommandHandler = (context: CommandContext, ...args: unknown[]) => void | Promise<void>;

// A `Record` over `CommandId`: adding an id without a handler (or the reverse) fails to compile.
const handlers: Record<CommandId, CommandHandler> = {
  'awaitwise.restartServer': ({ server }) => server.restart(),
  'awaitwise.showOutput': ({ output }) => output.show(),
  'awaitwise.fixAll': () => fixAllInActiveEditor(),
  'awaitwise.checklist.open': ({ checklist }) => checklist.focus(),
  'awaitwise.checklist.refresh': ({ checklist }) => checklist.refresh(),
  'awaitwise.checklist.scopeFile': ({ checklist }) => checklist.setScope('file'),
  'awaitwise.checklist.scopeWorkspace': ({ checklist }) => checklist.setScope('workspace'),
  'awaitwise.checklist.copyMarkdown': ({ checklist, memory }) => copyChecklistMarkdown(checklist, memory),
  'awaitwise.checklist.exportMarkdown': ({ checklist, memory }) => exportChecklistMarkdown(checklist, memory),
  'awaitwise.checklist.resetManual': ({ checklist, memory }) => resetManualChecks(checklist, memory),
  'awaitwise.checklist.openLocation': (_context, location) => openLocation(location),
  'awaitwise.walkthrough.openSample': () => openSample(),
};

export function registerCommands(context: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(context, ...args)),
    ),
  );
}
