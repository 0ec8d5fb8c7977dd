// The progress of a background pass over the workspace, shown by the client
// (window/workDoneProgress) with a cancel button. Reports are throttled: a notification per
// file would cost more than the files.
import type { Connection } from 'vscode-languageserver/node';
import type { PassProgress, ProgressFactory } from './workspace-analysis';

const REPORT_INTERVAL_MS = 250;

const NO_PROGRESS: PassProgress = { report() {}, cancelled: false, end() {} };

export function workspaceProgress(connection: Connection, supported: boolean): ProgressFactory {
  return async (total) => {
    if (!supported) return NO_PROGRESS;
    const reporter = await connection.window.createWorkDoneProgress();
    const count = (value: number): string => value.toLocaleString('en-US');
    reporter.begin('Awaitwise', 0, `Analyzing ${count(total)} files`, true);
    let lastReport = 0;
    return {
      report(done) {
        const now = performance.now();
        if (now - lastReport < REPORT_INTERVAL_MS && done < total) return;
        lastReport = now;
        reporter.report(Math.floor((done * 100) / total), `Analyzing ${count(total)} files (${count(done)} done)`);
      },
      get cancelled() {
        return reporter.token.isCancellationRequested;
      },
      end() {
        reporter.done();
      },
    };
  };
}
