// A small LSP client for tests: starts the built server (`node dist/server.js --stdio`, unless
// told otherwise), speaks JSON-RPC with it over the child's stdio, keeps its own copy of each
// open document, answers the server's requests (configuration, refresh, registration) and
// records what it is sent.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CodeActionResolveRequest,
  CompletionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type ClientCapabilities,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type MessageConnection,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { applyTextEdits, lastFirst } from './text-edits';

const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

/** How long to wait for an answer or a notification before failing the test. */
const TIMEOUT_MS = 10_000;

/** What VS Code advertises, reduced to what the server looks at. */
export const PULL_CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
  },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
};

/** An older client: diagnostics are published to it, and code actions arrive with their edits. */
export const PUSH_CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    hover: { contentFormat: ['markdown'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
  },
  workspace: { configuration: true },
};

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  workspaceFolders?: WorkspaceFolder[];
  /** The `awaitwise` section answered to workspace/configuration; change it with `changeSettings`. */
  settings?: unknown;
  /** Sent with `initialize`, as the extension sends whether the workspace is trusted. */
  initializationOptions?: unknown;
  /** Node's arguments for starting the server, in place of the built one (see source-server.ts). */
  serverArgs?: readonly string[];
}

interface Received {
  method: string;
  params: unknown;
  consumed: boolean;
}

interface Waiter {
  method: string;
  matches: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

interface ClientDocument {
  languageId: string;
  version: number;
  text: string;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const DIAGNOSTIC_REFRESH = 'workspace/diagnostic/refresh';

export class LspTestClient {
  readonly logs: LogMessageParams[] = [];
  /** Scope URIs of every workspace/configuration item the server asked for. */
  readonly configurationScopes: (string | undefined)[] = [];
  initializeResult!: InitializeResult;
  settings: unknown;
  /** Runs before each workspace/configuration answer: lets a test act while the server waits. */
  beforeConfigurationAnswer: (() => Promise<void>) | undefined;
  private readonly documents = new Map<string, ClientDocument>();
  private readonly received: Received[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.record(ConfigurationRequest.method, params);
      await this.beforeConfigurationAnswer?.();
      return params.items.map((item) => {
        this.configurationScopes.push(item.scopeUri);
        return item.section === 'awaitwise' ? this.settings : null;
      });
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.record('workspace/diagnostic/refresh', null);
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', (params: unknown) => {
      this.record('window/workDoneProgress/create', params);
      return null;
    });
    // Work-done progress and partial results: no handler is registered for their tokens.
    connection.onUnhandledProgress((params) => this.record('$/progress', params));
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.record(RegistrationRequest.method, params);
      return undefined;
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.record(LogMessageNotification.method, params);
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.record(PublishDiagnosticsNotification.method, params));
    // The server's own notifications (awaitwise/...), and any other without a handler above.
    connection.onNotification((method: string, params: unknown) => this.record(method, params ?? null));
    connection.listen();
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(options: ClientOptions = {}): Promise<LspTestClient> {
    if (!options.serverArgs && !existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, options.serverArgs ?? [SERVER_PATH, '--stdio'], { stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection, options);
    const rootUri = options.workspaceFolders?.[0]?.uri ?? null;
    client.initializeResult = await client.request(InitializeRequest.method, {
      processId: process.pid,
      rootUri,
      capabilities: options.capabilities ?? PULL_CLIENT_CAPABILITIES,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  // --- documents ----------------------------------------------------------------------

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.documents.set(uri, { languageId, version: 1, text });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one didChange with these changes, applied in order as LSP defines. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const document = this.document(uri);
    for (const change of changes) {
      document.text = 'range' in change ? applyTextEdits(document.text, [{ range: change.range, newText: change.text }]) : change.text;
    }
    document.version++;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: changes,
    });
  }

  edit(uri: string, range: Range, text: string): Promise<void> {
    return this.change(uri, [{ range, text }]);
  }

  /** Applies a workspace edit as an editor would: refused if written for another version. */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    const perDocument: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) throw new Error('only text document edits are expected');
      perDocument.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits as TextEdit[] });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDocument.push({ uri, version: null, edits });
    for (const { uri, version, edits } of perDocument) {
      if (version !== null && version !== this.version(uri)) throw new Error(`edit for version ${version}, document is at ${this.version(uri)}`);
      applyTextEdits(this.text(uri), edits); // rejects overlapping edits before anything is sent
      await this.change(uri, lastFirst(edits).map((e) => ({ range: e.range, text: e.newText })));
    }
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.document(uri).text;
  }

  version(uri: string): number {
    return this.document(uri).version;
  }

  // --- requests -----------------------------------------------------------------------

  async request<R>(method: string, params: unknown): Promise<R> {
    try {
      return await withTimeout(this.connection.sendRequest<R>(method, params), `the answer to ${method}`);
    } catch (error) {
      // A crashed or stuck server usually says why on stderr.
      if (error instanceof Error && this.stderr) error.message += `\nserver stderr:\n${this.stderr}`;
      throw error;
    }
  }

  /** Sends a request and cancels it at once: the $/cancelRequest follows it on the wire. */
  async requestThenCancel<R>(method: string, params: unknown): Promise<R> {
    const source = new CancellationTokenSource();
    const answer = this.connection.sendRequest<R>(method, params, source.token);
    source.cancel();
    return withTimeout(answer, `the answer to the cancelled ${method}`);
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.request(DocumentDiagnosticRequest.method, { textDocument: { uri }, previousResultId });
  }

  /** Pulls and expects a full report; returns its items. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.pull(uri);
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  /**
   * Pulls until `done` holds. Between pulls it waits for the server to ask for a diagnostics
   * refresh, which it does when other files' changes have settled; the wait's own timeout ends
   * a wait in vain.
   */
  async pullUntil(uri: string, done: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const refreshes = this.receivedCount(DIAGNOSTIC_REFRESH);
      const diagnostics = await this.diagnostics(uri);
      if (done(diagnostics)) return diagnostics;
      await this.waitFor(DIAGNOSTIC_REFRESH, () => this.receivedCount(DIAGNOSTIC_REFRESH) > refreshes);
    }
    throw new Error(`the diagnostics of ${uri} never reached the expected state`);
  }

  /** Runs `change` and waits for the diagnostics refresh request it causes. */
  async refreshedAfter(change: () => Promise<void>): Promise<void> {
    const refreshes = this.receivedCount(DIAGNOSTIC_REFRESH);
    await change();
    await this.waitFor(DIAGNOSTIC_REFRESH, () => this.receivedCount(DIAGNOSTIC_REFRESH) > refreshes);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request(HoverRequest.method, { textDocument: { uri }, position });
  }

  completion(uri: string, position: Position): Promise<CompletionList | CompletionItem[] | null> {
    return this.request(CompletionRequest.method, { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.request(CodeActionRequest.method, { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.request(CodeActionResolveRequest.method, action);
  }

  /** Replaces the settings and tells the server, as VS Code does (without the values). */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  // --- messages from the server -------------------------------------------------------

  /**
   * The first message with this method that matches and was not returned before: one already
   * received, or the next to arrive.
   */
  waitFor<T>(method: string, matches: (params: T) => boolean = () => true): Promise<T> {
    const test = matches as (params: unknown) => boolean;
    const earlier = this.received.find((message) => !message.consumed && message.method === method && test(message.params));
    if (earlier) {
      earlier.consumed = true;
      return Promise.resolve(earlier.params as T);
    }
    return withTimeout(
      new Promise<T>((resolve) => {
        this.waiters.push({ method, matches: test, resolve: resolve as (params: unknown) => void });
      }),
      method,
    );
  }

  /** The diagnostics published for the document's current version. */
  published(uri: string): Promise<PublishDiagnosticsParams> {
    const version = this.version(uri);
    return this.waitFor<PublishDiagnosticsParams>(PublishDiagnosticsNotification.method, (params) => params.uri === uri && params.version === version);
  }

  /** Messages of a method received so far (consumed or not). */
  receivedCount(method: string): number {
    return this.received.filter((message) => message.method === method).length;
  }

  // --- lifecycle ----------------------------------------------------------------------

  /** shutdown, then exit; resolves to the server's exit code. */
  async shutdown(): Promise<number | null> {
    await this.request(ShutdownRequest.method, undefined);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await withTimeout(this.exited, 'the server to exit');
    this.connection.dispose();
    return code;
  }

  /** For `after` hooks: ends the server if a test left it running. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill();
      await this.exited;
    }
    this.connection.dispose();
  }

  private document(uri: string): ClientDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  private record(method: string, params: unknown): void {
    const message: Received = { method, params, consumed: false };
    this.received.push(message);
    const index = this.waiters.findIndex((waiter) => waiter.method === method && waiter.matches(params));
    if (index < 0) return;
    const [waiter] = this.waiters.splice(index, 1);
    message.consumed = true;
    waiter.resolve(params);
  }
}
