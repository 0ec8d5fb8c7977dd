// Diagnostics for clients that do not pull: published after a pause in typing, at once on open,
// save and settings changes, and cleared on close. A result already published is not sent again.
import { CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { Analyses } from './analysis';
import type { DiagnosticsDelivery } from './delivery';
import type { DocumentStore } from './documents';
import { guardNotification } from './guard';
import type { Log } from './log';

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const TYPING_PAUSE_MS = 150;

export class PushDiagnostics implements DiagnosticsDelivery {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, string>();
  private readonly publishGuarded: (uri: string) => void;

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly analyses: Analyses,
    log: Log,
  ) {
    this.publishGuarded = guardNotification(log, 'publishing diagnostics', (uri: string) => this.publish(uri));
  }

  opened(uri: string): void {
    this.schedule(uri, 0);
  }

  changed(uri: string): void {
    this.schedule(uri, TYPING_PAUSE_MS);
  }

  saved(uri: string): void {
    this.schedule(uri, 0);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  refreshAll(): void {
    for (const document of this.store.all()) this.schedule(document.uri, 0);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private schedule(uri: string, delay: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publishGuarded(uri);
      }, delay),
    );
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  private async publish(uri: string): Promise<void> {
    const document = this.store.get(uri);
    if (!document) return;
    // Undefined means the text changed meanwhile, and that change scheduled its own run.
    const result = await this.analyses.resultFor(document, CancellationToken.None, 'display');
    if (!result || this.published.get(uri) === result.resultId) return;
    this.published.set(uri, result.resultId);
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: [...result.diagnostics] });
  }
}
