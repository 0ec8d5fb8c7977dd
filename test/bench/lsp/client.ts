// A lean LSP client for timing the built server (`node dist/server.js --stdio`): it keeps no
// copy of documents and records nothing it is not asked for, so that the client's own work stays
// out of the figures. Unlike the tests' client it exposes the server's process (for its memory)
// and leaves `initialized` to the caller (the workspace scan is timed from it).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type CancellationToken,
  type ClientCapabilities,
  type ConfigurationParams,
  type Disposable,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { REPO_ROOT } from '../machine';
import { PULL_CLIENT_CAPABILITIES } from '../../helpers/lsp-client';

const SERVER = join(REPO_ROOT, 'dist', 'server.js');

/** Pulls diagnostics, per document and for the workspace, and shows progress, as VS Code does. */
export const PULL_CAPABILITIES: ClientCapabilities = { ...PULL_CLIENT_CAPABILITIES, window: { workDoneProgress: true } };

/** A client without pull support: the server publishes diagnostics to it. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    hover: { contentFormat: ['markdown'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
  },
  workspace: { configuration: true, workspaceFolders: true },
};

export interface StartOptions {
  capabilities: ClientCapabilities;
  /** The `awaitwise` section answered to workspace/configuration. */
  settings: Record<string, unknown>;
  workspaceFolder?: string;
  /** Node options placed before the server's script (a preload, say), and the server's environment. */
  nodeArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** How long an ordinary request may take before the measurement gives up on it. */
const REQUEST_TIMEOUT_MS = 120_000;

export class BenchClient {
  initializeResult!: InitializeResult;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    private readonly stderr: { text: string },
  ) {}

  /** Starts the server and sends `initialize`; `initialized` is the caller's to send. */
  static async start(options: StartOptions): Promise<BenchClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: 'pipe', env: options.env ?? process.env });
    const stderr = { text: '' };
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.text.length < 20_000) stderr.text += chunk.toString();
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const folder = options.workspaceFolder && { uri: pathToFileURL(options.workspaceFolder).href, name: 'bench' };
    // Every request of the server gets an answer: settings for ours, a neutral one otherwise.
    connection.onRequest((method: string, params: unknown) => {
      if (method === 'workspace/configuration') {
        return (params as ConfigurationParams).items.map((item) => (item.section === 'awaitwise' ? options.settings : null));
      }
      if (method === 'workspace/workspaceFolders') return folder ? [folder] : null;
      return null;
    });
    connection.listen();
    const client = new BenchClient(child, connection, stderr);
    client.initializeResult = await client.request<InitializeResult>(InitializeRequest.method, {
      processId: process.pid,
      rootUri: folder ? folder.uri : null,
      capabilities: options.capabilities,
      workspaceFolders: folder ? [folder] : null,
    });
    return client;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async initialized(): Promise<void> {
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${REQUEST_TIMEOUT_MS} ms\n${this.stderr.text}`)), REQUEST_TIMEOUT_MS);
    });
    try {
      // An undefined token would travel as a second parameter.
      const sent = token ? this.connection.sendRequest<R>(method, params, token) : this.connection.sendRequest<R>(method, params);
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  onPublish(listener: (params: PublishDiagnosticsParams) => void): Disposable {
    return this.connection.onNotification(PublishDiagnosticsNotification.type, listener);
  }

  /** The server process's resident and peak resident memory, in MB (Linux; NaN elsewhere). */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = existsSync(`/proc/${this.pid}/status`) ? readFileSync(`/proc/${this.pid}/status`, 'utf8') : '';
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  }

  /** shutdown and exit; the process is killed if it does not leave within a few seconds. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.method), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone: nothing to shut down.
    }
    const killer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(killer);
    this.connection.dispose();
  }
}
