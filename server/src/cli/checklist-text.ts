// `awaitwise checklist`'s text form: one line per item, marked passed, failed (with its
// finding count and rules) or left to the reader, under a summary.
import { countChecklist } from '../checklist/counts';
import type { ChecklistItemResult, ChecklistReport } from '../checklist/protocol';
import type { Style } from './style';
import { plural } from '../docs/plural';


function itemLine(item: ChecklistItemResult, style: Style): string {
  switch (item.status) {
    case 'pass':
      return `  ${style.cyan('pass')}    ${item.title}`;
    case 'fail':
      return `  ${style.red('fail')}    ${item.title} ${style.bold(`(${plural(item.findings, 'finding')})`)}\n          ${style.dim(item.rules.join(', '))}`;
    case 'manual':
      return `  ${style.dim('manual')}  ${item.title}${item.rules.length > 0 ? style.dim(' (its rules are off)') : ''}`;
  }
}

export function formatChecklistText(report: ChecklistReport, style: Style): string {
  if (report.sections.length === 0) return 'No checklist items apply: no Python, TypeScript or JavaScript files were found.\n';
  const lines: string[] = [];
  for (const section of report.sections) {
    if (lines.length > 0) lines.push('');
    lines.push(style.bold(section.title), ...section.items.map((item) => itemLine(item, style)));
  }
  const counts = countChecklist(report);
  const failed = counts.failed > 0 ? `${counts.failed} failed (${plural(counts.findings, 'finding')})` : '0 failed';
  lines.push('', style.bold(`${counts.passed} passed, ${failed}, ${counts.manual} to check by hand.`));
  return `${lines.join('\n')}\n`;
}
