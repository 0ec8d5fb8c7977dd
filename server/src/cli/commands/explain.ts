// `awaitwise explain RULE...`: a rule's documentation, in the terminal.
import { rulesNamed } from '../../engine/config';
import type { RuleMeta } from '../../engine/rule';
import { renderTerminal } from '../../docs/render';
import { catalogMeta } from '../../rules';
import { defineCommand } from '../command';
import { UsageError } from '../diagnostics';
import { EXIT_CLEAN } from '../exit-codes';

const NAME = 'explain';

const HELP = `Usage: awaitwise explain RULE...

Explains what a rule finds, why it matters and how to fix it, with examples. RULE is a
rule id (blocking-sleep), a peer code (ASYNC251), or 'all'.

Options:
  -h, --help   Show this help
`;

const OPTIONS = {
} as const;

function rulesToExplain(names: readonly string[]): RuleMeta[] {
  const unknown = names.filter((name) => rulesNamed(name, catalogMeta).length === 0);
  if (unknown.length > 0) {
    throw new UsageError(`unknown rule '${unknown[0]}'`, NAME, "run 'awaitwise rules' to list the rules");
  }
  return [...new Set(names.flatMap((name) => rulesNamed(name, catalogMeta)))];
}

export const explainCommand = defineCommand({
  name: NAME,
  summary: 'Explain a rule: what it finds, why it matters, how to fix it',
  help: HELP,
  options: OPTIONS,
  async run(_values, positionals) {
    if (positionals.length === 0) throw new UsageError('name the rule to explain', NAME);
    const pages = rulesToExplain(positionals).map(renderTerminal);
    process.stdout.write(`${pages.join('\n\n')}\n`);
    return EXIT_CLEAN;
  },
});
