// The checklist as Markdown for a pull-request description: GitHub task-list items, ticked
// for passed items and for manual items the reader checked, with finding counts.
import type { ChecklistItemResult, ChecklistReport } from './protocol';
import { countChecklist } from './counts';
import { plural } from '../docs/plural';

export interface MarkdownOptions {
  /** Manual items the reader ticked. */
  ticked?: ReadonlySet<string>;
  heading?: string;
}


function itemLine(item: ChecklistItemResult, ticked: ReadonlySet<string>): string {
  switch (item.status) {
    case 'pass':
      return `- [x] ${item.title}`;
    case 'fail':
      return `- [ ] ${item.title} — **${plural(item.findings, 'finding')}** (${item.rules.map((rule) => `\`${rule}\``).join(', ')})`;
    case 'manual':
      return `- [${ticked.has(item.id) ? 'x' : ' '}] ${item.title} _(${item.rules.length > 0 ? 'checked by hand: its rules are off' : 'checked by hand'})_`;
  }
}

export function renderChecklistMarkdown(report: ChecklistReport, options: MarkdownOptions = {}): string {
  const ticked = options.ticked ?? new Set<string>();
  const counts = countChecklist(report, ticked);
  const summary = [
    `${counts.passed} passed`,
    counts.failed > 0 ? `${counts.failed} failed (${plural(counts.findings, 'finding')})` : '0 failed',
    `${counts.ticked} of ${plural(counts.manual, 'manual check')} done`,
  ].join(' · ');
  const lines = [`## ${options.heading ?? 'Async review checklist'}`, '', summary];
  for (const section of report.sections) {
    lines.push('', `### ${section.title}`, '', ...section.items.map((item) => itemLine(item, ticked)));
  }
  return `${lines.join('\n')}\n`;
}
