// `--format github`: one GitHub Actions workflow command per finding, which the runner turns
// into an annotation on the pull request's diff. Paths are relative to the working
// directory, so the check should run from the repository root.
import type { Severity } from '../../engine/types';
import { plural } from '../../docs/plural';
import { summarise, type CheckReport } from '../report';

const COMMAND: Readonly<Record<Severity, string>> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** A command's message, escaped so that it cannot end the command early. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value, which `,` would end and `:` would confuse with the message. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A file-level notice for each file --fix rewrote, so the run's log shows what changed. */
function fixedFileNotices(report: CheckReport): string[] {
  return summarise(report).fixedFiles.map(
    ({ path, fixes }) => `::notice file=${escapeProperty(path)},title=${escapeProperty('Awaitwise (--fix)')}::${escapeData(`Applied ${plural(fixes, 'fix', 'fixes')} to this file.`)}\n`,
  );
}

export function formatGithub(report: CheckReport): string {
  const lines = report.files.flatMap((file) =>
    file.findings.map((finding) => {
      const { start, end } = finding.range;
      // GitHub takes columns only for an annotation that starts and ends on the same line.
      const columns = start.line === end.line;
      const properties = [
        `file=${escapeProperty(file.path)}`,
        `line=${start.line + 1}`,
        ...(columns ? [`col=${start.character + 1}`] : []),
        `endLine=${end.line + 1}`,
        ...(columns ? [`endColumn=${end.character + 1}`] : []),
        `title=${escapeProperty(`Awaitwise (${finding.ruleId})`)}`,
      ];
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
    }),
  );
  return [...fixedFileNotices(report), ...lines].join('');
}
