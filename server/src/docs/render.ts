// Renders a rule's docs from the catalog: the full Markdown page (docs/rules/<id>.md), the
// editor hover, and plain terminal text for `awaitwise explain`. One source, three shapes.
import type { CodeExample, RuleMeta } from '../engine/rule';
import type { RuleLanguage } from '../engine/types';
import { ruleDocsUrl } from '../rules';

type ExampleLanguage = 'python' | 'typescript';

function exampleLanguage(language: RuleLanguage): ExampleLanguage {
  return language === 'python' ? 'python' : 'typescript';
}

function fence(language: ExampleLanguage, code: string): string {
  return `\`\`\`${language}\n${code}\n\`\`\``;
}

function exampleBlocks(example: CodeExample, language: ExampleLanguage): string {
  return `Instead of:\n\n${fence(language, example.bad)}\n\nwrite:\n\n${fence(language, example.good)}`;
}

const SEVERITY_LABEL = { error: 'error', warning: 'warning', information: 'information', hint: 'hint' } as const;

const LANGUAGE_LABEL: Readonly<Record<RuleLanguage, string>> = { python: 'Python', typescript: 'TypeScript', javascript: 'JavaScript' };

/** A rule's languages as people write them: `Python`, `TypeScript, JavaScript`. */
export function languageLabels(languages: readonly RuleLanguage[]): string {
  return languages.map((language) => LANGUAGE_LABEL[language]).join(', ');
}

export function renderRulePage(meta: RuleMeta): string {
  const { docs } = meta;
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    '| | |',
    '| --- | --- |',
    `| Languages | ${languageLabels(meta.languages)} |`,
    `| Default severity | ${SEVERITY_LABEL[meta.severity]} |`,
    `| Enabled by default | ${meta.enabledByDefault ? 'yes' : 'no'} |`,
    `| Peer codes | ${meta.aliases.length > 0 ? meta.aliases.map((alias) => `\`${alias}\``).join(', ') : '—'} |`,
    `| Automatic fix | ${meta.fixable ? 'yes' : 'no'} |`,
    `| Needs type information | ${meta.requiresTypes ? 'yes: only where a tsconfig.json or jsconfig.json governs the file' : 'no'} |`,
    '',
    '## What it does',
    '',
    docs.summary,
    '',
    '## Why is this bad?',
    '',
    docs.why,
    '',
    '## How to fix it',
    '',
    docs.fix,
    '',
    '## Example',
    '',
  ];
  for (const language of ['python', 'typescript'] as const) {
    const example = docs.examples[language];
    if (!example) continue;
    if (docs.examples.python && docs.examples.typescript) lines.push(`### ${language === 'python' ? 'Python' : 'TypeScript / JavaScript'}`, '');
    lines.push(exampleBlocks(example, language), '');
  }
  if (docs.fixSafety) lines.push('## Fix safety', '', docs.fixSafety, '');
  if (docs.notes) lines.push('## Notes', '', docs.notes, '');
  lines.push(
    '## Suppressing it',
    '',
    meta.languages.includes('python')
      ? `Python: \`# awaitwise: ignore[${meta.id}]\` at the end of the line.`
      : '',
    meta.languages.some((language) => language !== 'python')
      ? `TypeScript / JavaScript: \`// awaitwise-ignore-next-line ${meta.id}\` on the line above.`
      : '',
    '',
    'Turn it off for a project with `ignore = ["' + meta.id + '"]` in the `[tool.awaitwise]` table of pyproject.toml (or `"ignore": ["' + meta.id + '"]` in awaitwise.json), with `"awaitwise.rules": { "' + meta.id + '": "off" }` in the editor settings, or with `--ignore ' + meta.id + '` on the command line.',
    '',
  );
  return lines.filter((line, index, all) => !(line === '' && all[index - 1] === '')).join('\n');
}

/** The hover for a finding: message, why, fix, one example in the file's language, a link. */
export function renderHover(meta: RuleMeta, language: RuleLanguage, message: string): string {
  const { docs } = meta;
  const preferred = exampleLanguage(language);
  const example = docs.examples[preferred];
  const parts = [
    `**${meta.title}** — \`${meta.id}\``,
    message,
    `**Why it hurts.** ${docs.why}`,
    `**Fix.** ${docs.fix}`,
  ];
  if (example) parts.push(`${fence(preferred, `${commentPrefix(preferred)} ✗ before\n${example.bad}`)}\n${fence(preferred, `${commentPrefix(preferred)} ✓ after\n${example.good}`)}`);
  parts.push(`[Full documentation](${ruleDocsUrl(meta.id)})`);
  return parts.join('\n\n');
}

function commentPrefix(language: ExampleLanguage): string {
  return language === 'python' ? '#' : '//';
}

/** Plain text for a terminal: headings in capitals, code indented. */
export function renderTerminal(meta: RuleMeta): string {
  const { docs } = meta;
  const indent = (code: string): string => code.split('\n').map((line) => `    ${line}`).join('\n');
  const lines = [
    `${meta.id}: ${meta.title}`,
    `  languages: ${meta.languages.join(', ')} · severity: ${meta.severity} · ${meta.enabledByDefault ? 'on' : 'off'} by default` +
      (meta.aliases.length > 0 ? ` · peers: ${meta.aliases.join(', ')}` : ''),
    '',
    'WHAT IT DOES',
    docs.summary,
    '',
    'WHY IS THIS BAD',
    docs.why,
    '',
    'HOW TO FIX IT',
    docs.fix,
  ];
  for (const language of ['python', 'typescript'] as const) {
    const example = docs.examples[language];
    if (!example) continue;
    lines.push('', `EXAMPLE (${language === 'python' ? 'Python' : 'TypeScript'})`, 'Instead of:', indent(example.bad), 'write:', indent(example.good));
  }
  if (docs.fixSafety) lines.push('', 'FIX SAFETY', docs.fixSafety);
  if (docs.notes) lines.push('', 'NOTES', docs.notes);
  lines.push('', `More: ${ruleDocsUrl(meta.id)}`);
  return lines.join('\n');
}
