// Owns the language client across restarts: one place that starts, replaces and stops it, and
// that the rest of the client goes through to talk to the server (requests, notifications,
// the server's state), so nothing else holds a client that a restart has replaced.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';

/** `starting` covers the client's own automatic restarts after a crash as well as ours. */
export type ServerState = 'starting' | 'running' | 'stopped';

/** Thrown by `sendRequest` when no server is running to answer. */
export class ServerNotRunningError extends Error {
  constructor() {
    super('The Awaitwise language server is not running');
    this.name = 'ServerNotRunningError';
  }
}

type NotificationHandler = (params: unknown) => void;

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** What belongs to the current client only: its state listener and notification dispatchers. */
  private clientSubscriptions: vscode.Disposable[] = [];
  /** Start, stop and restart run one after another, so two quick restarts never leave two servers. */
  private lifecycle: Promise<void> = Promise.resolve();
  private currentState: ServerState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  /** Handlers by method; each new client gets one dispatcher per method that calls them all. */
  private readonly notificationHandlers = new Map<string, Set<NotificationHandler>>();

  /** Fires on every change of `state`, including `running` after each (re)start. */
  readonly onDidChangeState: vscode.Event<ServerState> = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get state(): ServerState {
    return this.currentState;
  }

  start(): Promise<void> {
    return this.serially(() => this.startClient());
  }

  stop(): Promise<void> {
    return this.serially(() => this.stopClient());
  }

  /**
   * Replaces the client rather than restarting it in place: a client whose start failed can
   * be neither stopped nor started again.
   */
  restart(): Promise<void> {
    return this.serially(async () => {
      // Starting, not stopped, in between: the status bar shows a spinner, not a failure.
      await this.stopClient('starting');
      this.output.info('Restarting the language server');
      await this.startClient();
    });
  }

  /**
   * Sends a request to the running server, after any start, stop or restart under way has
   * finished. Rejects with `ServerNotRunningError` when no server is running then.
   */
  async sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
    await this.lifecycle;
    const client = this.client;
    if (!client?.isRunning()) throw new ServerNotRunningError();
    return client.sendRequest<R>(method, params, token);
  }

  /** Listens for a server notification on the current client and on every one that replaces it. */
  onNotification(method: string, handler: NotificationHandler): vscode.Disposable {
    let handlers = this.notificationHandlers.get(method);
    if (!handlers) {
      handlers = new Set();
      this.notificationHandlers.set(method, handlers);
      if (this.client) this.clientSubscriptions.push(this.dispatch(this.client, method));
    }
    handlers.add(handler);
    return new vscode.Disposable(() => handlers.delete(handler));
  }

  dispose(): void {
    this.stateEmitter.dispose();
    this.disposeClientSubscriptions();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const done = this.lifecycle.then(step);
    this.lifecycle = done.catch(() => undefined);
    return done;
  }

  private setState(state: ServerState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  /** One registration per method on the client (it keeps only one handler per method). */
  private dispatch(client: LanguageClient, method: string): vscode.Disposable {
    return client.onNotification(method, (params: unknown) => {
      for (const handler of this.notificationHandlers.get(method) ?? []) {
        try {
          handler(params);
        } catch (error) {
          this.output.error(`A handler of ${method} failed`, error);
        }
      }
    });
  }

  private async startClient(): Promise<void> {
    const client = createLanguageClient(this.context, this.output);
    this.client = client;
    this.clientSubscriptions = [
      ...[...this.notificationHandlers.keys()].map((method) => this.dispatch(client, method)),
      // The client restarts a crashed server by itself; follow it through those states too.
      client.onDidChangeState(({ newState }) => {
        if (this.client === client) this.setState(stateOf(newState));
      }),
    ];
    this.setState('starting');
    try {
      await client.start();
    } catch {
      // The client has already logged the failure and shown it to the user. Activation goes
      // on, so the restart command stays available.
    }
    if (this.client === client) this.setState(client.isRunning() ? 'running' : 'stopped');
  }

  private async stopClient(next: ServerState = 'stopped'): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.disposeClientSubscriptions();
    this.setState(next);
    if (!client?.isRunning()) return;
    try {
      await client.dispose();
    } catch (error) {
      // A server that does not shut down cleanly must not keep a new one from starting.
      this.output.error('The language server did not stop cleanly', error);
    }
  }

  private disposeClientSubscriptions(): void {
    for (const subscription of this.clientSubscriptions) subscription.dispose();
    this.clientSubscriptions = [];
  }
}

function stateOf(state: State): ServerState {
  switch (state) {
    case State.Running:
      return 'running';
    case State.Starting:
      return 'starting';
    default:
      return 'stopped';
  }
}
