// Diagnostics for clients that pull them (textDocument/diagnostic). A pull is answered from the
// cache when the text and settings are unchanged, and refused with "server cancelled, retrigger"
// when the text moved on while the server was getting to it (a pull the client cancelled gets
// "request cancelled" instead, from guardRequest).
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { Analyses } from './analysis';
import type { SettingsProvider } from './configuration';
import type { DiagnosticsDelivery } from './delivery';
import type { DocumentStore } from './documents';
import { guardRequest } from './guard';
import type { Log } from './log';

export class PullDiagnostics implements DiagnosticsDelivery {
  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly analyses: Analyses,
    private readonly settings: SettingsProvider,
    private readonly canRefresh: boolean,
    private readonly log: Log,
  ) {
    connection.languages.diagnostics.on(guardRequest(log, 'textDocument/diagnostic', (params, token) => this.pull(params, token)));
  }

  // The client pulls after opening and after each change by itself.
  opened(): void {}
  changed(): void {}
  closed(): void {}

  /**
   * In `onSave` mode, and for a document whose analysis ran out of time, a save is what brings
   * new results, and not every client pulls on save.
   */
  saved(uri: string): void {
    void this.settings.forDocument(uri).then((settings) => (this.analyses.waitsForSave(uri, settings.run) ? this.refresh() : undefined));
  }

  refreshAll(): void {
    void this.refresh();
  }

  dispose(): void {}

  /** Without refresh support the client sees new results at its next pull (after an edit). */
  private async refresh(): Promise<void> {
    if (!this.canRefresh) return;
    try {
      await this.connection.languages.diagnostics.refresh();
    } catch (error) {
      this.log.error('The client refused to refresh diagnostics.', error);
    }
  }

  private async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.store.get(params.textDocument.uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const result = await this.analyses.resultFor(document, token, 'display');
    if (!result) {
      throw new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, 'The document changed before it was analysed.', {
        retriggerRequest: true,
      });
    }
    if (params.previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: [...result.diagnostics] };
  }
}
