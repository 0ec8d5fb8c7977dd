// The workspace scan: a server started on a folder with `awaitwise.scope: "workspace"`, timed
// from `initialized` until its `workspace/diagnostic` answer covers the folder, then its memory.
import { performance } from 'node:perf_hooks';
import { CancellationTokenSource, WorkspaceDiagnosticRequest, type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { BenchClient, PULL_CAPABILITIES } from './client';

export interface ScanResult {
  files: number;
  /** False when this build of the server does not offer workspace diagnostics. */
  supported: boolean;
  elapsedMs?: number;
  /** Files the server sent a report for, in partial results and the answer. */
  reports?: number;
  findings?: number;
  /**
   * `answer` when the request was answered; `every file reported` when all files had arrived as
   * partial results of a request the server keeps open (the spec allows it to); `timeout`.
   */
  completedBy?: 'answer' | 'every file reported' | 'timeout';
  rssMb?: number;
  peakRssMb?: number;
  error?: string;
}

const PARTIAL_RESULT_TOKEN = 'awaitwise-bench-workspace-scan';

export async function measureWorkspaceScan(root: string, files: number, timeoutMs: number): Promise<ScanResult> {
  const client = await BenchClient.start({ capabilities: PULL_CAPABILITIES, settings: { scope: 'workspace' }, workspaceFolder: root });
  try {
    const provider = client.initializeResult.capabilities.diagnosticProvider;
    if (!provider || !provider.workspaceDiagnostics) return { files, supported: false };

    const reported = new Map<string, number>();
    let allReported: () => void = () => undefined;
    const everyFile = new Promise<'every file reported'>((resolve) => (allReported = () => resolve('every file reported')));
    const add = (items: readonly WorkspaceDocumentDiagnosticReport[]): void => {
      for (const item of items) reported.set(item.uri, item.kind === 'full' ? item.items.length : (reported.get(item.uri) ?? 0));
      if (reported.size >= files) allReported();
    };
    client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, PARTIAL_RESULT_TOKEN, (partial) => add(partial.items));

    const cancellation = new CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const started = performance.now();
    await client.initialized();
    const answer = client
      .request<WorkspaceDiagnosticReport>(
        WorkspaceDiagnosticRequest.method,
        { identifier: provider.identifier, previousResultIds: [], partialResultToken: PARTIAL_RESULT_TOKEN },
        cancellation.token,
      )
      .then((report): 'answer' => {
        add(report.items);
        return 'answer';
      });
    const completedBy = await Promise.race([answer, everyFile, timeout]);
    const elapsedMs = performance.now() - started;
    const memory = client.memory();
    clearTimeout(timer);
    cancellation.cancel();
    answer.catch(() => undefined); // the cancelled request's rejection is expected
    const findings = [...reported.values()].reduce((sum, count) => sum + count, 0);
    return { files, supported: true, elapsedMs, reports: reported.size, findings, completedBy, rssMb: memory.rssMb, peakRssMb: memory.peakRssMb };
  } catch (error) {
    return { files, supported: true, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.stop();
  }
}
