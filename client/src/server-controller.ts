// Owns the language client across restarts: one place that starts, replaces and stops it.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';

export class ServerController {
  private client: LanguageClient | undefined;
  /** Start, stop and restart run one after another, so two quick restarts never leave two servers. */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

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
      await this.stopClient();
      this.output.info('Restarting the language server');
      await this.startClient();
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const done = this.lifecycle.then(step);
    this.lifecycle = done.catch(() => undefined);
    return done;
  }

  private async startClient(): Promise<void> {
    const client = createLanguageClient(this.context, this.output);
    this.client = client;
    try {
      await client.start();
    } catch {
      // The client has already logged the failure and shown it to the user. Activation goes
      // on, so the restart command stays available.
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client?.isRunning()) return;
    try {
      await client.dispose();
    } catch (error) {
      // A server that does not shut down cleanly must not keep a new one from starting.
      this.output.error('The language server did not stop cleanly', error);
    }
  }
}
