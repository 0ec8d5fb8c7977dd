// Builds the language client: how to start the bundled server and what to send it.
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { DocumentSelector, ErrorHandler, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SUPPORTED_LANGUAGES } from '../../server/src/engine/languages';
import { initializationOptions } from './workspace-trust';

/** Saved files and unsaved new ones; other schemes (git, diff views) would only add noise. */
const documentSelector: DocumentSelector = SUPPORTED_LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

/** Port for attaching a debugger to the server when the extension host runs under a debugger. */
const SERVER_DEBUG_PORT = 6009;

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  return {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
  };
}

const clientOptions = (output: vscode.LogOutputChannel, errorHandler: ErrorHandler): LanguageClientOptions => ({
  documentSelector,
  outputChannel: output,
  errorHandler,
  initializationOptions,
  // Pull on every change and when an editor comes to the front. No pull on save: the server
  // applies `awaitwise.run` itself, answering pulls with the last results until a save in
  // `onSave` mode, and asks for a refresh when that save brings new ones.
  diagnosticPullOptions: { onChange: true, onFocus: true },
});

/**
 * Settings changes reach the server without a restart: the server registers for
 * `workspace/didChangeConfiguration` on the `awaitwise` section, and the client then forwards
 * every change that affects it.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, errorHandler: ErrorHandler): LanguageClient {
  // The id is also the prefix of the setting the client takes its trace level from: `awaitwise.trace.server`.
  return new LanguageClient('awaitwise', 'Awaitwise', serverOptions(context), clientOptions(output, errorHandler));
}
