// The Markdown table of rules shown in the README and in docs/rules/README.md.
import type { RuleMeta } from '../../server/src/engine/rule';
import { languageLabels } from '../../server/src/docs/render';

/** Python-only rules first, then rules for both families, then TypeScript/JavaScript-only ones. */
function languageGroup(rule: RuleMeta): number {
  const python = rule.languages.includes('python');
  const script = rule.languages.some((language) => language !== 'python');
  return python && !script ? 0 : python && script ? 1 : 2;
}

export function sortedForTable(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules].sort((a, b) => languageGroup(a) - languageGroup(b) || a.id.localeCompare(b.id));
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

export interface RuleTableOptions {
  /** Prefix that turns a rule id into a link to its page: `docs/rules/` or `` (same folder). */
  linkBase: string;
  /** Adds each rule's title as a column. */
  withTitles: boolean;
}

export function renderRuleTable(rules: readonly RuleMeta[], options: RuleTableOptions): string {
  const header = ['Rule', ...(options.withTitles ? ['What it finds'] : []), 'Languages', 'Default severity', 'On by default', 'Autofix', 'Peer codes'];
  const rows = sortedForTable(rules).map((rule) => [
    `[\`${rule.id}\`](${options.linkBase}${rule.id}.md)`,
    ...(options.withTitles ? [cell(rule.title)] : []),
    languageLabels(rule.languages),
    rule.severity,
    yesNo(rule.enabledByDefault),
    yesNo(rule.fixable),
    rule.aliases.length > 0 ? rule.aliases.map((alias) => `\`${cell(alias)}\``).join(', ') : '—',
  ]);
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
