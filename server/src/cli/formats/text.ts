// The human report: one line per finding in the `path:line:col:` form editors and terminals
// turn into links, a dim line saying what to do about it, and a summary.
import { safeFixOf } from '../../engine/fixes';
import type { Finding, Severity } from '../../engine/types';
import { ruleById } from '../../rules';
import { summarise, type CheckReport, type CheckSummary } from '../report';
import type { Style } from '../style';
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

function summaryLine(summary: CheckSummary): string {
  if (summary.findings === 0) return `No problems found in ${plural(summary.filesChecked, 'file')}.`;
  const fixable = summary.fixable > 0 ? ` (${summary.fixable} fixable with --fix)` : '';
  return `Found ${plural(summary.findings, 'problem')} in ${plural(summary.filesWithFindings, 'file')}${fixable}.`;
}

export function formatText(report: CheckReport, style: Style): string {
  const summary = summarise(report);
  const lines = summary.fixedFiles.map(({ path, fixes }) => `Applied ${plural(fixes, 'fix', 'fixes')} to ${style.bold(path)}.`);
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
  lines.push(style.bold(summaryLine(summary)));
  return `${lines.join('\n')}\n`;
}
