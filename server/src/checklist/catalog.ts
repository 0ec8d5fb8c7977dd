// The checklist joined with the rule catalog: each automatic item learns the rules that decide
// it (those naming it in their `checklist` field) and covers exactly their languages.
import type { RuleMeta } from '../engine/rule';
import type { RuleLanguage } from '../engine/types';
import { catalogMeta } from '../rules/index';
import { checklistEntries, type ChecklistSectionEntry } from './items';

export interface ChecklistItem {
  id: string;
  title: string;
  languages: RuleLanguage[];
  /** Rule ids in catalog order; empty for manual items. */
  rules: string[];
  manual: boolean;
  /** How a person checks a manual item. */
  hint?: string;
}

export interface ChecklistSection {
  id: string;
  title: string;
  items: ChecklistItem[];
}

const LANGUAGE_ORDER: readonly RuleLanguage[] = ['python', 'typescript', 'javascript'];

export function joinChecklist(entries: readonly ChecklistSectionEntry[], rules: readonly RuleMeta[]): ChecklistSection[] {
  return entries.map((section) => ({
    id: section.id,
    title: section.title,
    items: section.items.map((entry): ChecklistItem => {
      if (entry.kind === 'manual') {
        return { id: entry.id, title: entry.title, languages: entry.languages, rules: [], manual: true, hint: entry.hint };
      }
      const deciding = rules.filter((rule) => rule.checklist === entry.id);
      const covered = new Set(deciding.flatMap((rule) => rule.languages));
      return {
        id: entry.id,
        title: entry.title,
        languages: LANGUAGE_ORDER.filter((language) => covered.has(language)),
        rules: deciding.map((rule) => rule.id),
        manual: false,
      };
    }),
  }));
}

export const checklist: readonly ChecklistSection[] = joinChecklist(checklistEntries, catalogMeta);

export const checklistItemIds: ReadonlySet<string> = new Set(checklist.flatMap((section) => section.items.map((item) => item.id)));
