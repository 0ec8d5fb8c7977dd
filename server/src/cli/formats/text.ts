// The human report: one line per finding in the `path:line:col:` form editors and terminals
// turn into links, a dim line saying what to do about it, and a summary; or, with
// --statistics, a table of counts per rule over the same summary.
import { safeFixOf } from '../../engine/fixes';
import type { Finding, Severity } from '../../engine/types';
import { ruleById } from '../../rules';
import { exceedsWarningLimit } from '../check-outcome';
import { ruleStatistics, summarise, type CheckReport, type CheckSummary } from '../report';
import type { Style } from '../style';
import { formatTable } from '../table';
import { plural } from '../../docs/plural';


/** The first sentence of a paragraph; the full text is one `awaitwise explain` away. */
function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (match ? match[0] : text).replace(/\s+/g, ' ');
}

function hintFor(finding: Finding): string {
  const fix = safeFixOf(finding);
  if (fix) return `fix: ${fix.title} (fixable with --fix)`;
  const docs = ruleById.get(finding.ruleId)?.meta.docs;
  return docs ? `hint: ${firstSentence(docs.fix)}` : '';
}

const SEVERITY_COLOUR: Readonly<Record<Severity, keyof Style>> = {
  error: 'red',
  warning: 'yellow',
  information: 'blue',
  hint: 'cyan',
};

function summaryLine(report: CheckReport, summary: CheckSummary): string {
  // With --quiet only errors were counted; saying "no problems" would hide the warnings left.
  const noun = report.errorsOnly ? 'error' : 'problem';
  const fixable = summary.fixable > 0 ? ` (${summary.fixable} fixable with --fix)` : '';
  if (summary.fixesApplied > 0) {
    // Every fix applied is counted, --quiet or not: the file changed either way.
    const fixed = `Fixed ${plural(summary.fixesApplied, 'problem')} in ${plural(summary.fixedFiles.length, 'file')}`;
    if (summary.findings === 0) return `${fixed}; no ${noun}s remain.`;
    const remain = summary.findings === 1 ? 'remains' : 'remain';
    return `${fixed}; ${plural(summary.findings, noun)} ${remain} in ${plural(summary.filesWithFindings, 'file')}${fixable}.`;
  }
  if (summary.findings === 0) return `No ${noun}s found in ${plural(summary.filesChecked, 'file')}.`;
  return `Found ${plural(summary.findings, noun)} in ${plural(summary.filesWithFindings, 'file')}${fixable}.`;
}

function fixedFileLines(summary: CheckSummary, style: Style): string[] {
  return summary.fixedFiles.map(({ path, fixes }) => `Applied ${plural(fixes, 'fix', 'fixes')} to ${style.bold(path)}.`);
}

/** The summary, then a line saying so when there are more warnings than --max-warnings allows. */
function closingLines(report: CheckReport, summary: CheckSummary, style: Style): string[] {
  const lines = [style.bold(summaryLine(report, summary))];
  if (exceedsWarningLimit(report, summary)) {
    lines.push(style.red(`Too many warnings: ${summary.bySeverity.warning} found, and --max-warnings allows ${report.maxWarnings}.`));
  }
  return lines;
}

export function formatText(report: CheckReport, style: Style): string {
  const summary = summarise(report);
  const lines = fixedFileLines(summary, style);
  for (const file of report.files) {
    for (const finding of file.findings) {
      const { line, character } = finding.range.start;
      const location = style.bold(`${file.path}:${line + 1}:${character + 1}:`);
      lines.push(`${location} ${style[SEVERITY_COLOUR[finding.severity]](finding.severity)} ${style.dim(`[${finding.ruleId}]`)} ${finding.message}`);
      const hint = hintFor(finding);
      if (hint) lines.push(style.dim(`  ${hint}`));
    }
  }
  if (summary.findings > 0) lines.push('');
  lines.push(...closingLines(report, summary, style));
  return `${lines.join('\n')}\n`;
}

/** `--statistics`: a table of findings per rule instead of the listing. */
export function formatTextStatistics(report: CheckReport, style: Style): string {
  const summary = summarise(report);
  const lines = fixedFileLines(summary, style);
  const rows = ruleStatistics(report).map((row) => [String(row.count), row.rule, row.peerCodes.join(', ') || '-', row.severity, String(row.fixable)]);
  if (rows.length > 0) {
    const [header, ...body] = formatTable([['COUNT', 'RULE', 'PEERS', 'SEVERITY', 'FIXABLE'], ...rows], [0, 4]);
    lines.push(style.bold(header), ...body, '');
  }
  lines.push(...closingLines(report, summary, style));
  return `${lines.join('\n')}\n`;
}
