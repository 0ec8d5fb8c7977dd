// Decides the checklist for a set of findings: which items apply to the languages in scope,
// and for each automatic one whether its rules found anything. Callers keep whatever they
// need of the findings behind an item (a count, or locations to open).
import type { RuleLanguage } from '../engine/types';
import { checklist, type ChecklistItem, type ChecklistSection } from './catalog';
import type { ChecklistItemResult, ChecklistReport, ChecklistStatus } from './protocol';

export interface ChecklistScopeFacts {
  /** Languages of the files in scope: items for none of them are left out. */
  languages: ReadonlySet<RuleLanguage>;
  /** Rules enabled for at least one file in scope. */
  enabledRules: ReadonlySet<string>;
}

export interface DecidedItem<F> {
  item: ChecklistItem;
  result: ChecklistItemResult;
  /** The findings of the item's rules, in the order given. */
  findings: F[];
}

export interface DecidedSection<F> {
  section: ChecklistSection;
  items: DecidedItem<F>[];
}

function statusOf(item: ChecklistItem, facts: ChecklistScopeFacts, found: number): ChecklistStatus {
  // An item whose rules are all off cannot be decided by analysis: it falls to the reader.
  if (item.manual || !item.rules.some((rule) => facts.enabledRules.has(rule))) return 'manual';
  return found > 0 ? 'fail' : 'pass';
}

export function decideChecklist<F extends { ruleId: string }>(findings: Iterable<F>, facts: ChecklistScopeFacts): DecidedSection<F>[] {
  const byRule = new Map<string, F[]>();
  for (const finding of findings) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  return checklist
    .map((section) => ({
      section,
      items: section.items
        .filter((item) => item.languages.some((language) => facts.languages.has(language)))
        .map((item) => {
          const matched = item.rules.flatMap((rule) => byRule.get(rule) ?? []);
          const result: ChecklistItemResult = {
            id: item.id,
            title: item.title,
            languages: item.languages,
            rules: item.rules,
            status: statusOf(item, facts, matched.length),
            findings: matched.length,
          };
          return { item, result, findings: matched };
        }),
    }))
    .filter((section) => section.items.length > 0);
}

/** The plain report: what the CLI prints and what the Markdown export reads. */
export function checklistReport(decided: readonly DecidedSection<unknown>[]): ChecklistReport {
  return {
    sections: decided.map(({ section, items }) => ({ id: section.id, title: section.title, items: items.map(({ result }) => result) })),
  };
}
