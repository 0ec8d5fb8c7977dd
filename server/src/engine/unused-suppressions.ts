// The `unused-suppression` rule, computed after the other rules from the final findings: a
// directive of ours (`# awaitwise: ignore[...]`, `// awaitwise-ignore-next-line ...`) that
// names an unknown id, or an id (or nothing, for a bare directive) that silences no finding on
// its target line. Other tools' directives (`# noqa`, `// eslint-disable-next-line`) are never
// judged: flake8, Ruff and ESLint read them too. Nothing here is cached; it is cheap.
import { closestName } from './closest-name';
import { ruleLanguageOf } from './languages';
import type { RuleMeta } from './rule';
import type { Suppression } from './suppressions';
import type { LineIndex } from './text';
import type { Finding, Fix, Range, RuleLanguage, Severity, SourceLanguage, TextEdit } from './types';

export const UNUSED_SUPPRESSION_ID = 'unused-suppression';

export interface UnusedSuppressionInputs {
  lines: LineIndex;
  language: SourceLanguage;
  suppressions: readonly Suppression[];
  /** The findings of the other rules before suppression, without those of failed rules. */
  findings: readonly Finding[];
  /** Enabled rules and their severity (the analysis' rules map). */
  enabled: ReadonlyMap<string, Severity>;
  /** Rules that threw during this analysis: what they would have found is unknown. */
  failed: ReadonlySet<string>;
  /** Whether a type checker took part. */
  typeAware: boolean;
  /** Whether the caller passed a program (`options.types`), even one that did not hold the text. */
  typesRequested: boolean;
  /** The cross-file index is incomplete: findings that depend on other files may be missing. */
  projectPending: boolean;
  catalog: readonly RuleMeta[];
}

/** What one code in a directive is worth. */
type Verdict =
  | { used: true }
  | {
      used: false;
      message: string;
      /** Whether removing it is a safe fix (fix-all, `--fix`). */
      safe: boolean;
      /** The rule id the author probably meant, offered as a replacement. */
      replacement?: string;
    };

const USED: Verdict = { used: true };

const LANGUAGE_LABEL: Readonly<Record<RuleLanguage, string>> = { python: 'Python', typescript: 'TypeScript', javascript: 'JavaScript' };

/** An ESLint rule name without its plugin scope: `@typescript-eslint/no-floating-promises` -> `no-floating-promises`. */
function withoutScope(code: string): string {
  const slash = code.lastIndexOf('/');
  return slash >= 0 ? code.slice(slash + 1) : code;
}

/** Rules whose peer codes include `code` (case-insensitive; an ESLint plugin scope is ignored). */
export function rulesCoveringAlias(code: string, catalog: readonly RuleMeta[]): RuleMeta[] {
  const upper = withoutScope(code).toUpperCase();
  return catalog.filter((rule) => rule.aliases.some((alias) => alias.toUpperCase() === upper));
}

function quoteList(ids: readonly string[]): string {
  const quoted = ids.map((id) => `'${id}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** The message and likely replacement for a code that names no rule. */
function unknownVerdict(code: string, catalog: readonly RuleMeta[], language: RuleLanguage): Verdict {
  const lead = `Unknown rule id '${code}' in a suppression comment`;
  const covering = rulesCoveringAlias(code, catalog);
  if (covering.length > 0) {
    const ids = covering.map((rule) => rule.id);
    const applicable = covering.filter((rule) => rule.languages.includes(language)).map((rule) => rule.id);
    const explanation =
      ids.length === 1 ? `'${code}' is the peer code of '${ids[0]}': write that id instead` : `'${code}' is a peer code covered by ${quoteList(ids)}`;
    return { used: false, message: `${lead}; ${explanation}`, safe: true, replacement: applicable.length === 1 ? applicable[0] : undefined };
  }
  const meant = closestName(code, catalog.map((rule) => rule.id));
  if (meant) return { used: false, message: `${lead}; did you mean '${meant}'?`, safe: true, replacement: meant };
  return { used: false, message: lead, safe: true };
}

/** The line a directive silences, in words; a Python directive alone on its line gets a reminder. */
function targetWords(lines: LineIndex, directive: Suppression, language: SourceLanguage): string {
  if (language !== 'python') return 'the next line';
  const alone = lines.lineText(directive.range.start.line).slice(0, directive.range.start.character).trim() === '';
  return alone ? 'this line (a Python suppression comment applies to its own line, not the next)' : 'this line';
}

export function unusedSuppressionFindings(inputs: UnusedSuppressionInputs): Finding[] {
  const severity = inputs.enabled.get(UNUSED_SUPPRESSION_ID);
  if (!severity) return [];
  const ours = inputs.suppressions.filter((suppression) => suppression.kind === 'awaitwise');
  if (ours.length === 0) return [];
  const byId = new Map(inputs.catalog.map((rule) => [rule.id, rule]));
  const language = ruleLanguageOf(inputs.language);
  const script = inputs.language !== 'python';
  // A program that lagged behind the text, or an index still being built: the findings that
  // depend on them are unknown for now, so only unknown or misplaced ids are reported.
  const findingsPending = (script && inputs.typesRequested && !inputs.typeAware) || inputs.projectPending;
  const findingsByLine = new Map<number, Finding[]>();
  for (const finding of inputs.findings) {
    const line = finding.range.start.line;
    const list = findingsByLine.get(line);
    if (list) list.push(finding);
    else findingsByLine.set(line, [finding]);
  }

  const judge = (code: string, directive: Suppression, index: number): Verdict => {
    if (code === UNUSED_SUPPRESSION_ID) return USED;
    if (directive.codes.indexOf(code) < index) {
      return { used: false, message: `'${code}' is listed twice in this suppression comment`, safe: true };
    }
    const rule = byId.get(code);
    if (!rule) return unknownVerdict(code, inputs.catalog, language);
    if (!rule.languages.includes(language)) {
      const only = rule.languages.map((each) => LANGUAGE_LABEL[each]).join(' and ');
      return { used: false, message: `'${code}' is suppressed here but only applies to ${only}`, safe: true };
    }
    if (inputs.failed.has(code) || findingsPending || (rule.requiresTypes && !inputs.typeAware)) return USED;
    if (!inputs.enabled.has(code)) {
      // Another configuration (the CLI's, a teammate's) may enable it: removal is only offered.
      return { used: false, message: `'${code}' is suppressed here but the rule is turned off`, safe: false };
    }
    if (findingsByLine.get(directive.targetLine)?.some((finding) => finding.ruleId === code)) return USED;
    return { used: false, message: `'${code}' is suppressed here but reports nothing on ${targetWords(inputs.lines, directive, inputs.language)}`, safe: true };
  };

  const found: Finding[] = [];
  const report = (range: Range, message: string, fixes: Fix[]): void => {
    found.push({ ruleId: UNUSED_SUPPRESSION_ID, range, message, severity, fixes, related: [] });
  };
  for (const directive of ours) {
    // Naming this rule in a directive keeps that directive from being judged.
    if (directive.codes.includes(UNUSED_SUPPRESSION_ID)) continue;
    if (directive.codes.length === 0) {
      const unjudgeable = inputs.failed.size > 0 || findingsPending;
      if (unjudgeable || (findingsByLine.get(directive.targetLine)?.length ?? 0) > 0) continue;
      report(directive.range, `This suppression comment silences nothing on ${targetWords(inputs.lines, directive, inputs.language)}`, [
        { title: 'Remove the unused suppression comment', safe: true, edits: [removeDirective(inputs.lines, directive, inputs.language)] },
      ]);
      continue;
    }
    const verdicts = directive.codes.map((code, index) => judge(code, directive, index));
    const unused = new Set<number>();
    verdicts.forEach((verdict, index) => {
      if (!verdict.used) unused.add(index);
    });
    if (unused.size === 0) continue;
    if (unused.size === directive.codes.length) {
      const reasons = verdicts.flatMap((verdict) => (verdict.used ? [] : [verdict]));
      const message =
        reasons.length === 1 ? reasons[0].message : `This suppression comment silences nothing: ${reasons.map((reason) => reason.message).join('; ')}`;
      const fixes: Fix[] = [];
      const replacement = reasons.length === 1 ? reasons[0].replacement : undefined;
      if (replacement) fixes.push(replaceFix(directive.codeRanges[0], replacement));
      fixes.push({
        title: 'Remove the unused suppression comment',
        safe: reasons.every((reason) => reason.safe),
        edits: [removeDirective(inputs.lines, directive, inputs.language)],
      });
      report(directive.range, message, fixes);
      continue;
    }
    for (const index of unused) {
      const verdict = verdicts[index];
      if (verdict.used) continue;
      const code = directive.codes[index];
      const fixes: Fix[] = [];
      if (verdict.replacement && !directive.codes.includes(verdict.replacement)) fixes.push(replaceFix(directive.codeRanges[index], verdict.replacement));
      fixes.push({ title: `Remove '${code}' from the suppression comment`, safe: verdict.safe, edits: [removeCode(directive, index, unused)] });
      report(directive.codeRanges[index], verdict.message, fixes);
    }
  }
  // Another directive of ours aimed at the hint's line may silence it by naming this rule.
  const silenced = new Set(
    ours.filter((directive) => directive.codes.includes(UNUSED_SUPPRESSION_ID)).map((directive) => directive.targetLine),
  );
  return found.filter((finding) => !silenced.has(finding.range.start.line));
}

function replaceFix(range: Range, id: string): Fix {
  // Not safe: the replaced id starts silencing findings the author may not have meant to hide.
  return { title: `Replace with '${id}'`, safe: false, edits: [{ range, newText: id }] };
}

function lineEdit(line: number, start: number, end: number, newText = ''): TextEdit {
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText };
}

/**
 * Removes one code and a separator next to it. Codes still kept after it lose the separator
 * that follows; the last kept one is followed by the removed ones, which take the separator
 * before them. So the removals of one directive never overlap and any subset of them leaves a
 * well-formed list. At least one code is kept: otherwise the whole directive goes.
 */
function removeCode(directive: Suppression, index: number, removed: ReadonlySet<number>): TextEdit {
  const ranges = directive.codeRanges;
  const keptAfter = ranges.some((_, other) => other > index && !removed.has(other));
  const range = keptAfter ? { start: ranges[index].start, end: ranges[index + 1].start } : { start: ranges[index - 1].end, end: ranges[index].end };
  return { range, newText: '' };
}

/** Removes a line with its line break (the previous line's break for the last line). */
function removeLine(lines: LineIndex, line: number): TextEdit {
  if (line + 1 < lines.lineCount) return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  if (line > 0) {
    return {
      range: { start: { line: line - 1, character: lines.lineText(line - 1).length }, end: { line, character: lines.lineText(line).length } },
      newText: '',
    };
  }
  return lineEdit(line, 0, lines.lineText(line).length);
}

export function removeDirective(lines: LineIndex, directive: Suppression, language: SourceLanguage): TextEdit {
  return language === 'python' ? removePythonDirective(lines, directive) : removeScriptDirective(lines, directive);
}

/** Text that may sit between a directive and the comment's own words: `-- reason`, `: reason`. */
const LEADING_SEPARATORS = /^[\s:;,\-–—]*/;

/**
 * A Python directive lies in a comment, after code (or alone on its line), possibly with
 * other comment text before or after it. What remains must still be a comment.
 */
function removePythonDirective(lines: LineIndex, directive: Suppression): TextEdit {
  const line = directive.range.start.line;
  const content = lines.lineText(line);
  const start = directive.range.start.character;
  const end = directive.range.end.character;
  const before = content.slice(0, start);
  const after = content.slice(end);
  const words = after.replace(LEADING_SEPARATORS, '');
  if (words.trim() === '') {
    // The directive ends the line: it goes with the blanks before it, or the line goes.
    if (before.trim() === '') return removeLine(lines, line);
    return lineEdit(line, before.trimEnd().length, content.length);
  }
  const nextStart = end + (after.length - after.trimStart().length);
  // Another comment follows (`# type: ignore`): it keeps its own `#`.
  if (content[nextStart] === '#') return lineEdit(line, start, nextStart);
  // Plain words follow (a reason): they stay, as the comment's text.
  return lineEdit(line, start, end + (after.length - words.length), '# ');
}

/**
 * A TS/JS directive is a comment that starts its line (after blanks and, in JSX, a `{`). A
 * line comment runs to the line's end; a block comment may be followed by code.
 */
function removeScriptDirective(lines: LineIndex, directive: Suppression): TextEdit {
  const line = directive.range.start.line;
  const content = lines.lineText(line);
  const start = directive.range.start.character;
  const opener = content.indexOf('/', start);
  let commentEnd = content.length;
  if (content[opener + 1] === '*') {
    const close = content.indexOf('*/', opener + 2);
    // A block comment that goes on below: empty it on this line, keeping its `/*`.
    if (close < 0) return lineEdit(line, opener + 2, content.length);
    commentEnd = close + 2;
  }
  let removalStart = opener;
  let removalEnd = commentEnd;
  if (content[start] === '{') {
    // `{/* ... */}` among JSX children goes with its braces; a `{` of code stays.
    const brace = /^\s*\}/.exec(content.slice(commentEnd));
    if (brace) {
      removalStart = start;
      removalEnd = commentEnd + brace[0].length;
    }
  }
  const before = content.slice(0, removalStart);
  const after = content.slice(removalEnd);
  if (after.trim() === '') {
    if (before.trim() === '') return removeLine(lines, line);
    return lineEdit(line, before.trimEnd().length, content.length);
  }
  return lineEdit(line, removalStart, removalEnd + (after.length - after.trimStart().length));
}
