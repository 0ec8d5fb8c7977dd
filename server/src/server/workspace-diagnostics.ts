// Findings of the files that are not open, as diagnostics: answered to `workspace/diagnostic`
// for clients that pull, published for those that do not. Only the folders analysed in the
// background (`awaitwise.scope: workspace`) are reported; open documents are reported by the
// document's own delivery, whose results always win.
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { noticeDiagnostic, toDiagnostic } from './diagnostics';
import type { DocumentStore } from './documents';
import { guardRequest } from './guard';
import type { Log } from './log';
import type { FileResult, WorkspaceAnalysis } from './workspace-analysis';

/** How the findings of files that are not open reach the client. */
export interface WorkspaceDelivery {
  /** The document's own delivery speaks for it now. */
  opened(uri: string): void;
  /** The disk speaks for the file again: its last workspace result must reach the client. */
  closed(uri: string): void;
  dispose(): void;
}

function diagnosticsOf(result: FileResult): Diagnostic[] {
  const diagnostics = result.findings.map((finding, index) =>
    toDiagnostic(finding, result.uri, { ruleId: finding.ruleId, version: 0, resultId: result.resultId, index, fixes: [] }),
  );
  if (result.notice) diagnostics.push(noticeDiagnostic(result.notice));
  return diagnostics;
}

/** Wakes every waiter on the next `notify`. */
class Signal {
  private waiters: (() => void)[] = [];

  next(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      const subscription = token.onCancellationRequested(() => resolve());
      this.waiters.push(() => {
        subscription.dispose();
        resolve();
      });
    });
  }

  notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/**
 * Answers `workspace/diagnostic` as a long poll: reports go out as files are analysed (as
 * partial results when the client gave a token), the answer ends once the background work is
 * done and something was reported, and when nothing changed since the client's last answer it
 * waits for a change. The client asks again after each answer.
 */
export class PulledWorkspaceDiagnostics implements WorkspaceDelivery {
  private readonly changed = new Signal();
  /** Files closed since their last report: the client may have dropped what it had. */
  private readonly resend = new Set<string>();

  constructor(
    connection: Connection,
    private readonly store: DocumentStore,
    private readonly analysis: WorkspaceAnalysis,
    log: Log,
  ) {
    analysis.onChange(() => this.changed.notify());
    connection.languages.diagnostics.onWorkspace(
      guardRequest(
        log,
        'workspace/diagnostic',
        (params: WorkspaceDiagnosticParams, token, _workDone: unknown, resultProgress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>) =>
          this.pull(params, token, resultProgress),
      ),
    );
  }

  opened(uri: string): void {
    this.resend.delete(uri);
  }

  closed(uri: string): void {
    this.resend.add(uri);
    this.changed.notify();
  }

  dispose(): void {
    this.changed.notify();
  }

  private async pull(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    resultProgress: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
  ): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(params.previousResultIds.map(({ uri, value }) => [uri, value]));
    const collected: WorkspaceDocumentDiagnosticReport[] = [];
    let reported = false;
    while (!token.isCancellationRequested) {
      const reports = this.reportsSince(known);
      if (reports.length > 0) {
        reported = true;
        if (resultProgress) resultProgress.report({ items: reports });
        else collected.push(...reports);
      }
      if (reported && this.analysis.idle) break;
      const waits = [this.changed.next(token)];
      if (reported) waits.push(this.analysis.whenIdle());
      await Promise.race(waits);
    }
    return { items: collected };
  }

  /** Reports for what changed since the results in `known`, which it brings up to date. */
  private reportsSince(known: Map<string, string>): WorkspaceDocumentDiagnosticReport[] {
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    const current = new Set<string>();
    for (const result of this.analysis.backgroundResults()) {
      current.add(result.uri);
      if (known.get(result.uri) === result.resultId && !this.resend.has(result.uri)) continue;
      this.resend.delete(result.uri);
      known.set(result.uri, result.resultId);
      reports.push({ uri: result.uri, version: null, kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: diagnosticsOf(result) });
    }
    // Gone, excluded, or out of scope now: cleared, and forgotten (no result id to send back).
    for (const uri of known.keys()) {
      if (current.has(uri) || this.store.get(uri)) continue;
      known.delete(uri);
      reports.push({ uri, version: null, kind: DocumentDiagnosticReportKind.Full, items: [] });
    }
    return reports;
  }
}

/** Publishes the findings of files that are not open, for clients that do not pull. */
export class PublishedWorkspaceDiagnostics implements WorkspaceDelivery {
  /** Result id last published, by URI. */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly analysis: WorkspaceAnalysis,
  ) {
    analysis.onChange(() => this.sync());
  }

  opened(uri: string): void {
    this.published.delete(uri);
  }

  /** Runs after the document's delivery cleared the file's diagnostics. */
  closed(): void {
    this.sync();
  }

  dispose(): void {
    this.published.clear();
  }

  private sync(): void {
    const current = new Set<string>();
    for (const result of this.analysis.backgroundResults()) {
      current.add(result.uri);
      if (this.published.get(result.uri) === result.resultId) continue;
      this.published.set(result.uri, result.resultId);
      void this.connection.sendDiagnostics({ uri: result.uri, diagnostics: diagnosticsOf(result) });
    }
    for (const uri of [...this.published.keys()]) {
      if (current.has(uri) || this.store.get(uri)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}
