// `--format json`: a stable, versioned shape for scripts. Positions are 1-based, columns in
// UTF-16 code units as editors count them. With --statistics, counts per rule replace the
// findings.
import { isFixable, ruleStatistics, summarise, type CheckReport } from '../report';

/** Bumped only when a field changes meaning or disappears; new fields may appear without it. */
const JSON_REPORT_VERSION = 1;

/** The versioned document: `body` (findings or statistics) between the version and the summary. */
function jsonReport(report: CheckReport, body: object): string {
  return `${JSON.stringify({ version: JSON_REPORT_VERSION, ...body, summary: summarise(report) }, null, 2)}\n`;
}

export function formatJson(report: CheckReport): string {
  const findings = report.files.flatMap((file) =>
    file.findings.map((finding) => ({
      path: file.path,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      endLine: finding.range.end.line + 1,
      endColumn: finding.range.end.character + 1,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      fixable: isFixable(finding),
    })),
  );
  return jsonReport(report, { findings });
}

export function formatJsonStatistics(report: CheckReport): string {
  return jsonReport(report, { statistics: ruleStatistics(report) });
}
