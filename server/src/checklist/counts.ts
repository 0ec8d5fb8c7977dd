// Tallies of a decided checklist. Kept apart from the deciding code, which reads the rule
// catalog: the extension bundles this to export Markdown, and must not pull the engine in.
import type { ChecklistReport } from './protocol';

export interface ChecklistCounts {
  passed: number;
  failed: number;
  /** Manual items, ticked or not. */
  manual: number;
  /** Manual items the reader ticked. */
  ticked: number;
  findings: number;
}

export function countChecklist(report: ChecklistReport, ticked: ReadonlySet<string> = new Set()): ChecklistCounts {
  const counts: ChecklistCounts = { passed: 0, failed: 0, manual: 0, ticked: 0, findings: 0 };
  for (const item of report.sections.flatMap((section) => section.items)) {
    counts.findings += item.findings;
    if (item.status === 'pass') counts.passed++;
    else if (item.status === 'fail') counts.failed++;
    else {
      counts.manual++;
      if (ticked.has(item.id)) counts.ticked++;
    }
  }
  return counts;
}
