// What the client can do, read once from `initialize`, and what the server offers in return.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { COMPLETION_TRIGGER_CHARACTERS } from './completion';

/** Fix-on-save asks for this kind (or a prefix of it: `source.fixAll`, `source`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.awaitwise`;

export interface ClientSupport {
  /** Pulls diagnostics (textDocument/diagnostic); otherwise they are published. */
  pullDiagnostics: boolean;
  /** Accepts workspace/diagnostic/refresh. */
  diagnosticsRefresh: boolean;
  /** Answers workspace/configuration. */
  configuration: boolean;
  configurationChangeRegistration: boolean;
  watchedFilesRegistration: boolean;
  workspaceFolders: boolean;
  /** Fills in a code action's `edit` through codeAction/resolve. */
  resolveEdit: boolean;
  /** Applies versioned document edits, so an edit for an outdated text is refused. */
  documentChanges: boolean;
  /** Shows server-initiated progress (window/workDoneProgress/create). */
  workDoneProgress: boolean;
}

export function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  const { textDocument, workspace } = capabilities;
  return {
    pullDiagnostics: textDocument?.diagnostic !== undefined,
    diagnosticsRefresh: workspace?.diagnostics?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    configurationChangeRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    resolveEdit: textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    documentChanges: workspace?.workspaceEdit?.documentChanges === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
  };
}

export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: { includeText: false },
    },
    hoverProvider: true,
    // Rule ids inside suppression comments; anywhere else the answer is null, at once.
    completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
    codeActionProvider: {
      codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      resolveProvider: true,
    },
  };
  if (support.pullDiagnostics) {
    // A Python file's findings depend on the other files of its folder (which functions are
    // coroutines); with `awaitwise.scope: workspace` the files that are not open are reported too.
    capabilities.diagnosticProvider = { identifier: 'awaitwise', interFileDependencies: true, workspaceDiagnostics: true };
  }
  if (support.workspaceFolders) {
    capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  }
  return capabilities;
}
