// Suppression comments, in each language's own comment syntax:
//   Python:  x()  # awaitwise: ignore[rule-id, other-id]    (same line; bare `ignore` = all)
//            x()  # noqa: ASYNC251                          (peer codes listed as aliases)
//   TS/JS:   // awaitwise-ignore-next-line rule-id, other-id -- optional reason
//            /* awaitwise-ignore-next-line rule-id */  and  {/* ... */} inside JSX
//            // eslint-disable-next-line @typescript-eslint/no-floating-promises (aliases)
import type { LineIndex } from './text';
import type { Finding, Range } from './types';

export type SuppressionKind = 'awaitwise' | 'noqa' | 'eslint';

export interface Suppression {
  kind: SuppressionKind;
  /** The line whose findings it silences. */
  targetLine: number;
  /** Codes as written; empty means every rule. */
  codes: string[];
  /** Where the directive is written. */
  range: Range;
}

const PYTHON_DIRECTIVE = /#\s*awaitwise:\s*ignore(?:\[([^\]]*)\])?|#\s*noqa:\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)/g;
const SCRIPT_DIRECTIVE = /^\s*(?:\{\s*)?(?:\/\/|\/\*)\s*(awaitwise-ignore-next-line|eslint-disable-next-line)\b(.*)$/;

function splitCodes(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((code) => code.trim())
    .filter((code) => code.length > 0);
}

/**
 * Finds Python directives. `isComment(line, column)` confirms a `#` starts a real comment
 * (not text inside a string), using the parse tree.
 */
export function pythonSuppressions(
  text: string,
  lines: LineIndex,
  isComment: (line: number, column: number) => boolean,
): Suppression[] {
  if (!text.includes('awaitwise') && !/noqa/i.test(text)) return [];
  const found: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.includes('#')) continue;
    for (const match of content.matchAll(PYTHON_DIRECTIVE)) {
      const column = match.index ?? 0;
      if (!isComment(line, column)) continue;
      const range = { start: { line, character: column }, end: { line, character: column + match[0].length } };
      if (match[2] !== undefined) found.push({ kind: 'noqa', targetLine: line, codes: splitCodes(match[2]), range });
      else found.push({ kind: 'awaitwise', targetLine: line, codes: splitCodes(match[1] ?? ''), range });
    }
  }
  return found;
}

export function scriptSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes('awaitwise-ignore') && !text.includes('eslint-disable-next-line')) return [];
  const found: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const match = SCRIPT_DIRECTIVE.exec(content);
    if (!match) continue;
    const rest = match[2]
      .replace(/\*\/\s*\}?\s*$/, '')
      .replace(/\s--\s.*$/, '')
      .trim();
    const codes = splitCodes(rest);
    const kind: SuppressionKind = match[1] === 'awaitwise-ignore-next-line' ? 'awaitwise' : 'eslint';
    // A bare eslint-disable-next-line silences ESLint's rules, not this product's.
    if (kind === 'eslint' && codes.length === 0) continue;
    const start = content.search(/\S/);
    found.push({
      kind,
      targetLine: line + 1,
      codes,
      range: { start: { line, character: start }, end: { line, character: content.length } },
    });
  }
  return found;
}

/** How a rule can be named in a directive of each kind. */
export interface RuleNames {
  id: string;
  aliases: readonly string[];
}

function eslintName(code: string): string {
  const slash = code.lastIndexOf('/');
  return slash >= 0 ? code.slice(slash + 1) : code;
}

export function suppresses(suppression: Suppression, rule: RuleNames): boolean {
  switch (suppression.kind) {
    case 'awaitwise':
      return suppression.codes.length === 0 || suppression.codes.includes(rule.id);
    case 'noqa':
      return suppression.codes.some((code) => rule.aliases.some((alias) => alias.toUpperCase() === code.toUpperCase()));
    case 'eslint':
      return suppression.codes.some((code) => rule.aliases.includes(eslintName(code)));
  }
}

/** Drops findings that a directive on their start line silences. */
export function applySuppressions(
  findings: Finding[],
  suppressions: readonly Suppression[],
  namesOf: (ruleId: string) => RuleNames | undefined,
): Finding[] {
  if (suppressions.length === 0) return findings;
  const byLine = new Map<number, Suppression[]>();
  for (const suppression of suppressions) {
    const list = byLine.get(suppression.targetLine);
    if (list) list.push(suppression);
    else byLine.set(suppression.targetLine, [suppression]);
  }
  return findings.filter((finding) => {
    const candidates = byLine.get(finding.range.start.line);
    const names = namesOf(finding.ruleId);
    return !(candidates && names && candidates.some((s) => suppresses(s, names)));
  });
}
