// Owns the language client across restarts: one place that starts, replaces and stops it, and
// that the rest of the client goes through to talk to the server (requests, notifications,
// the server's state), so nothing else holds a client that a restart has replaced.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createErrorHandler } from './crash-handler';
import { createLanguageClient } from './language-client';
import { crashCount, type Crash } from './restart-policy';

/**
 * `starting` covers a start or a restart the user asked for; `restarting` the client's own
 * restart after the server crashed, until it runs again or the client gives up (`stopped`).
 */
export type ServerState = 'starting' | 'restarting' | 'running' | 'stopped';

/** Whether the server is on its way up: views say so rather than report it stopped. */
export function isStarting(state: ServerState): boolean {
  return state === 'starting' || state === 'restarting';
}

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
  /** Set with the `restarting` state only, and cleared with the next state. */
  private crash: Crash | undefined;
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

  /** The crash the server is restarting after, while `state` is `restarting`. */
  get restartingAfter(): Crash | undefined {
    return this.crash;
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
    // The state too: the client still says it is running while its error handler decides
    // what to do about a crash, and a request then fails with a less helpful error.
    if (this.currentState !== 'running' || !client?.isRunning()) throw new ServerNotRunningError();
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

  private setState(state: ServerState, crash?: Crash): void {
    if (state === this.currentState && crash === this.crash) return;
    if (this.currentState === 'restarting' && state === 'running' && this.crash) {
      this.output.info(`The language server is running again after ${crashCount(this.crash)}.`);
    }
    this.currentState = state;
    this.crash = crash;
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
    const errorHandler = createErrorHandler({
      restarting: (crash) => {
        if (this.client === client) this.setState('restarting', crash);
      },
      gaveUp: () => {
        if (this.client === client) this.setState('stopped');
      },
    });
    const client = createLanguageClient(this.context, this.output, errorHandler);
    this.client = client;
    this.clientSubscriptions = [
      ...[...this.notificationHandlers.keys()].map((method) => this.dispatch(client, method)),
      // The client restarts a crashed server by itself; follow it through those states too.
      client.onDidChangeState(({ newState }) => {
        if (this.client !== client) return;
        // On its way back up after a crash the client passes through stopped and starting:
        // keep showing the restart until the server runs again or fails to start.
        if (this.currentState === 'restarting' && (newState === State.Stopped || newState === State.Starting)) return;
        this.setState(stateOf(newState));
      }),
    ];
    this.setState('starting');
    try {
      await client.start();
    } catch {
      // The client has already logged the failure and shown it to the user. Activation goes
      // on, so the restart command stays available.
    }
    // A crash during the start leaves the client restarting; its state changes tell the rest.
    if (this.client === client && this.currentState !== 'restarting') this.setState(client.isRunning() ? 'running' : 'stopped');
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
