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
  /** Where each code is written, parallel to `codes` (one line: the directive's). */
  codeRanges: Range[];
  /** Where the directive is written. */
  range: Range;
}

const PYTHON_DIRECTIVE = /#\s*awaitwise:\s*ignore(?:\[([^\]]*)\])?|#\s*noqa:\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)/g;
const SCRIPT_DIRECTIVE = /^\s*(?:\{\s*)?(?:\/\/|\/\*)\s*(awaitwise-ignore-next-line|eslint-disable-next-line)\b(.*)$/;

/** The codes of a list separated by commas and/or spaces, each with its range (`column` is where the list starts). */
function splitCodes(list: string, line: number, column: number): { codes: string[]; codeRanges: Range[] } {
  const codes: string[] = [];
  const codeRanges: Range[] = [];
  for (const match of list.matchAll(/[^\s,]+/g)) {
    const start = column + (match.index ?? 0);
    codes.push(match[0]);
    codeRanges.push({ start: { line, character: start }, end: { line, character: start + match[0].length } });
  }
  return { codes, codeRanges };
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
      const end = column + match[0].length;
      const range = { start: { line, character: column }, end: { line, character: end } };
      if (match[2] !== undefined) {
        // The noqa list ends the match.
        found.push({ kind: 'noqa', targetLine: line, ...splitCodes(match[2], line, end - match[2].length), range });
      } else {
        // The awaitwise list, when there is one, is followed by the closing `]` that ends the match.
        const list = match[1] ?? '';
        found.push({ kind: 'awaitwise', targetLine: line, ...splitCodes(list, line, end - 1 - list.length), range });
      }
    }
  }
  return found;
}

/**
 * The part of a TS/JS directive's text after its keyword that lists codes: a block comment's
 * list ends at its `*\/`, and a ` -- reason` ends any list.
 */
export function scriptCodeList(rest: string, block: boolean): string {
  let list = rest;
  if (block) {
    const close = list.indexOf('*/');
    if (close >= 0) list = list.slice(0, close);
  } else {
    list = list.replace(/\*\/\s*\}?\s*$/, '');
  }
  const reason = list.search(/\s--(?:\s|$)/);
  return reason >= 0 ? list.slice(0, reason) : list;
}

/** Where a directive's comment ends on its line: a block comment's `*\/` (and a JSX `}` after it), or the line's last character. */
function scriptCommentEnd(content: string, start: number, opener: number): number {
  const close = content[opener + 1] === '*' ? content.indexOf('*/', opener + 2) : -1;
  if (close < 0) return content.trimEnd().length;
  const brace = content[start] === '{' ? /^\s*\}/.exec(content.slice(close + 2)) : null;
  return close + 2 + (brace ? brace[0].length : 0);
}

/**
 * Finds TS/JS directives: a comment that starts its line. `isComment(line, column)`, when
 * given, confirms that the `//` or `/*` there starts a real comment (not text inside a
 * template literal or JSX text), using the parse tree.
 */
export function scriptSuppressions(text: string, lines: LineIndex, isComment?: (line: number, column: number) => boolean): Suppression[] {
  if (!text.includes('awaitwise-ignore') && !text.includes('eslint-disable-next-line')) return [];
  const found: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const match = SCRIPT_DIRECTIVE.exec(content);
    if (!match) continue;
    const restStart = content.length - match[2].length;
    // Only blanks and a JSX `{` come before the comment's opener.
    const opener = content.indexOf('/');
    if (isComment && !isComment(line, opener)) continue;
    const { codes, codeRanges } = splitCodes(scriptCodeList(match[2], content[opener + 1] === '*'), line, restStart);
    const kind: SuppressionKind = match[1] === 'awaitwise-ignore-next-line' ? 'awaitwise' : 'eslint';
    // A bare eslint-disable-next-line silences ESLint's rules, not this product's.
    if (kind === 'eslint' && codes.length === 0) continue;
    const start = content.search(/\S/);
    found.push({
      kind,
      targetLine: line + 1,
      codes,
      codeRanges,
      range: { start: { line, character: start }, end: { line, character: scriptCommentEnd(content, start, opener) } },
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
