// Wires the protocol to the pieces: documents, settings, the cross-file indexes, analysis, and
// the features built on them. Everything that depends on the client's capabilities is created
// at `initialize`.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { version } from '../../../package.json';
import { CHECKLIST_REQUEST, type ChecklistParams } from '../checklist/protocol';
import { isConfigFileName } from '../config/discovery';
import { initEngine } from '../engine/index';
import { clearPythonVersionCache } from '../workspace/python-version';
import { Analyses } from './analysis';
import { AnalysisInputsResolver } from './analysis-inputs';
import { ChecklistService } from './checklist';
import { ChecklistChanges } from './checklist-changes';
import { clientSupport, serverCapabilities, type ClientSupport } from './capabilities';
import { CodeActions } from './code-actions';
import { completionAt } from './completion';
import { WorkspaceConfigs } from './config-files';
import { SettingsProvider } from './configuration';
import type { DiagnosticsDelivery } from './delivery';
import { DocumentStore, filePathOf } from './documents';
import { guardNotification, guardRequest } from './guard';
import { hoverAt } from './hover';
import { Log } from './log';
import { ProjectIndexes } from './project-indexes';
import { PullDiagnostics } from './pull-diagnostics';
import { PushDiagnostics } from './push-diagnostics';
import { SETTINGS_SECTION } from './settings';
import { TypeChecking } from './type-checking';
import { WorkspaceAnalysis } from './workspace-analysis';
import { PublishedWorkspaceDiagnostics, PulledWorkspaceDiagnostics, type WorkspaceDelivery } from './workspace-diagnostics';
import { WorkspaceFolders } from './workspace-folders';
import { UNTRUSTED_RESTRICTIONS, readWorkspaceTrust } from './workspace-trust';
import { workspaceProgress } from './workspace-progress';

export function startServer(connection: Connection): void {
  const log = new Log(connection.console);
  connection.onInitialize((params) => initialize(connection, log, params));
  connection.listen();
}

function initialize(connection: Connection, log: Log, params: InitializeParams): InitializeResult {
  const support = clientSupport(params.capabilities);
  // Loading the wasm parser starts now; the first analysis waits for it.
  const engineReady = initEngine().catch((error: unknown) =>
    log.error('Could not load the Python parser; Python files will not be analysed.', error),
  );
  const folders = new WorkspaceFolders();
  folders.add(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri }] : []));
  const store = new DocumentStore();
  const settings = new SettingsProvider(connection, support.configuration, log);
  const trusted = readWorkspaceTrust(params.initializationOptions, (message) => log.warn(message));
  const configs = new WorkspaceConfigs(connection, folders, log, trusted);
  // Other documents' findings may change with the index: they are refreshed (or re-published).
  const projects = new ProjectIndexes(folders, store, settings, configs, engineReady, log, () => refreshAll());
  const typeChecking = new TypeChecking(store, log, () => refreshAll());
  const inputs = new AnalysisInputsResolver(folders, configs, projects, typeChecking, log);
  const analyses = new Analyses(store, settings, inputs, engineReady, projects, typeChecking, log);
  const delivery: DiagnosticsDelivery = support.pullDiagnostics
    ? new PullDiagnostics(connection, store, analyses, settings, support.diagnosticsRefresh, log)
    : new PushDiagnostics(connection, store, analyses, log);
  const codeActions = new CodeActions(store, analyses, support);
  const workspace = new WorkspaceAnalysis(store, settings, inputs, projects, folders, typeChecking, engineReady, log, workspaceProgress(connection, support.workDoneProgress));
  const workspaceDelivery: WorkspaceDelivery = support.pullDiagnostics
    ? new PulledWorkspaceDiagnostics(connection, store, workspace, log)
    : new PublishedWorkspaceDiagnostics(connection, store, workspace);
  const checklist = new ChecklistService(store, analyses, settings, inputs, workspace);
  const checklistChanges = new ChecklistChanges(connection);
  /** Every open document may have new findings, and so may the checklist. */
  const refreshAll = (): void => {
    delivery.refreshAll();
    checklistChanges.notify();
  };

  connection.onDidOpenTextDocument(
    guardNotification(log, 'textDocument/didOpen', (event) => {
      analyses.forget(event.textDocument.uri);
      const document = store.open(event);
      if (!document) return;
      workspace.edited();
      workspaceDelivery.opened(document.uri);
      typeChecking.documentChanged(document);
      delivery.opened(document.uri);
    }),
  );
  connection.onDidChangeTextDocument(
    guardNotification(log, 'textDocument/didChange', (event) => {
      const document = store.change(event);
      if (!document) return;
      workspace.edited();
      typeChecking.documentChanged(document);
      delivery.changed(document.uri);
    }),
  );
  connection.onDidSaveTextDocument(
    guardNotification(log, 'textDocument/didSave', (event) => {
      if (!store.get(event.textDocument.uri)) return;
      analyses.noteSaved(event.textDocument.uri);
      delivery.saved(event.textDocument.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guardNotification(log, 'textDocument/didClose', (event) => {
      const { uri } = event.textDocument;
      const document = store.get(uri);
      store.close(uri);
      analyses.forget(uri);
      settings.forget(uri);
      if (!document) return;
      typeChecking.documentChanged(document);
      delivery.closed(uri);
      if (document.filePath) {
        projects.closed(document.filePath);
        workspace.closed(document.filePath);
      }
      workspaceDelivery.closed(uri);
    }),
  );

  connection.onHover(guardRequest(log, 'textDocument/hover', (hover) => hoverAt(store, analyses, hover.textDocument.uri, hover.position)));
  connection.onCompletion(
    guardRequest(log, 'textDocument/completion', (completion) => completionAt(store, completion.textDocument.uri, completion.position)),
  );
  connection.onCodeAction(guardRequest(log, 'textDocument/codeAction', (request, token) => codeActions.list(request, token)));
  connection.onRequest(
    CHECKLIST_REQUEST,
    guardRequest(log, CHECKLIST_REQUEST, (params: ChecklistParams, token) => checklist.answer(params, token)),
  );
  connection.onCodeActionResolve(guardRequest(log, 'codeAction/resolve', (action) => codeActions.resolve(action)));

  // Settings, configuration files and pyproject.toml (requires-python) all feed the analysis
  // inputs; settings also decide what the cross-file indexes cover.
  const inputsChanged = (): void => {
    settings.invalidate();
    clearPythonVersionCache();
    projects.reconcile();
    void workspace.reconcile();
    refreshAll();
  };
  connection.onDidChangeConfiguration(guardNotification(log, 'workspace/didChangeConfiguration', inputsChanged));
  connection.onDidChangeWatchedFiles(
    guardNotification(log, 'workspace/didChangeWatchedFiles', (event) => {
      if (event.changes.some((change) => isConfigFileName(change.uri))) {
        configs.changed();
        inputsChanged();
      }
      projects.filesChanged(event.changes);
      typeChecking.filesChanged(event.changes);
      workspace.filesChanged(event.changes.flatMap((change) => filePathOf(change.uri) ?? []));
      checklistChanges.notify();
    }),
  );

  connection.onInitialized(
    guardNotification(log, 'initialized', async () => {
      log.info(`awaitwise language server ${version} (Node ${process.version})`);
      log.info(`Workspace folders: ${folders.paths.length > 0 ? folders.paths.join(', ') : '(none)'}`);
      if (!trusted) log.info(`The workspace is not trusted: configuration files cannot set ${UNTRUSTED_RESTRICTIONS.map((restriction) => restriction.key).join(', ')}.`);
      // Subscribed only now: during `initialize` the library would register it a second time.
      if (support.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification(log, 'workspace/didChangeWorkspaceFolders', (event) => {
            folders.apply(event);
            inputs.clearExcludeMatchers();
            projects.reconcile();
            void workspace.reconcile();
            refreshAll();
          }),
        );
      }
      // Indexing starts only now, in the background: open documents are analysed meanwhile.
      projects.reconcile();
      await workspace.reconcile();
      await registerWatchers(connection, support);
    }),
  );

  connection.onShutdown(() => {
    workspace.dispose();
    workspaceDelivery.dispose();
    projects.dispose();
    typeChecking.dispose();
    delivery.dispose();
    checklistChanges.dispose();
    store.closeAll();
  });

  return { capabilities: serverCapabilities(support), serverInfo: { name: 'awaitwise', version } };
}

/**
 * Asks the client to report settings changes, edits to configuration files (awaitwise.json,
 * pyproject.toml, which also holds requires-python), and
 * changes to Python and TS/JS files, which the cross-file indexes follow for files that are not open.
 */
async function registerWatchers(connection: Connection, support: ClientSupport): Promise<void> {
  if (support.configurationChangeRegistration) {
    await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
  if (support.watchedFilesRegistration) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/awaitwise.json' }, { globPattern: '**/*.{py,pyi}' }, { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' }, { globPattern: '**/{tsconfig,jsconfig}*.json' }],
    });
  }
}
