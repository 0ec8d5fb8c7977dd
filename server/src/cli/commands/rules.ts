// `awaitwise rules`: the rule catalog, as a table or as JSON.
import type { RuleMeta } from '../../engine/rule';
import { catalogMeta } from '../../rules';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { EXIT_CLEAN } from '../exit-codes';
import { formatTable } from '../table';

const NAME = 'rules';

const HELP = `Usage: awaitwise rules [--format text|json]

Lists every rule: its id, the languages it covers, its default severity, whether it is
on by default, whether it can fix what it finds, the peer codes it answers to
(ASYNC251, no-floating-promises...) and its title. The JSON form adds the review
checklist item each rule decides.

Options:
  --format FORMAT   text (default) or json
  -h, --help        Show this help
`;

const OPTIONS = {
  format: { type: 'string', default: 'text' },
} as const;

const FORMATS = ['text', 'json'] as const;

/** Bumped only when a field changes meaning or disappears. */
const RULES_JSON_VERSION = 1;

function rulesJson(rules: readonly RuleMeta[]): string {
  const entries = rules.map(({ id, title, languages, severity, enabledByDefault, aliases, checklist, fixable }) => ({
    id,
    title,
    languages,
    severity,
    enabledByDefault,
    aliases,
    checklist,
    fixable,
  }));
  return `${JSON.stringify({ version: RULES_JSON_VERSION, rules: entries }, null, 2)}\n`;
}

function rulesTable(rules: readonly RuleMeta[]): string {
  const header = ['RULE', 'LANGUAGES', 'SEVERITY', 'DEFAULT', 'FIX', 'PEERS', 'TITLE'];
  const rows = rules.map((rule) => [
    rule.id,
    rule.languages.join(', '),
    rule.severity,
    rule.enabledByDefault ? 'on' : 'off',
    rule.fixable ? 'yes' : 'no',
    rule.aliases.length > 0 ? rule.aliases.join(', ') : '-',
    rule.title,
  ]);
  return `${formatTable([header, ...rows]).join('\n')}\n`;
}

export const rulesCommand = defineCommand({
  name: NAME,
  summary: 'List the rules',
  help: HELP,
  options: OPTIONS,
  positionals: false,
  async run(values) {
    const format = oneOf(NAME, '--format', values.format, FORMATS);
    process.stdout.write(format === 'json' ? rulesJson(catalogMeta) : rulesTable(catalogMeta));
    return EXIT_CLEAN;
  },
});
