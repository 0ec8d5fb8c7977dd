// How a finished check ends: the exit code that its findings give under --max-warnings and
// --exit-zero.
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS } from './exit-codes';
import { isComplete, summarise, type CheckReport, type CheckSummary } from './report';

/** Whether there are more warnings than --max-warnings allows. */
export function exceedsWarningLimit(report: CheckReport, summary: CheckSummary): boolean {
  return report.maxWarnings !== undefined && summary.bySeverity.warning > report.maxWarnings;
}

/** Any finding fails the run; with --max-warnings, errors do, and warnings beyond the limit. */
function findingsFailRun(report: CheckReport, summary: CheckSummary): boolean {
  if (report.maxWarnings === undefined) return summary.findings > 0;
  return summary.bySeverity.error > 0 || exceedsWarningLimit(report, summary);
}

export function checkExitCode(report: CheckReport, exitZero: boolean): number {
  // An incomplete check must not pass for a clean one, whatever it found.
  if (!isComplete(report)) return EXIT_FAILURE;
  return !exitZero && findingsFailRun(report, summarise(report)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
