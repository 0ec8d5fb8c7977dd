// Hover over a finding: the rule's explanation, from the findings already computed for the
// document's current text; and over a code in a suppression comment (a rule id of ours, or a
// peer code such as `ASYNC251` that names a rule): that rule's explanation. Both come from the
// cached analysis: hovering never analyses.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleLanguageOf } from '../engine/languages';
import type { RuleMeta } from '../engine/rule';
import type { Suppression } from '../engine/suppressions';
import { comparePositions } from '../engine/text';
import type { Range, RuleLanguage } from '../engine/types';
import { rulesCoveringAlias } from '../engine/unused-suppressions';
import { renderHover } from '../docs/render';
import { catalogMeta, ruleById } from '../rules/index';
import type { Analyses } from './analysis';
import type { DocumentStore } from './documents';

function covers(range: Range, position: Position): boolean {
  if (comparePositions(position, range.start) < 0) return false;
  const fromEnd = comparePositions(position, range.end);
  // The end is exclusive, except for an empty range, which would otherwise cover nothing.
  return fromEnd < 0 || (fromEnd === 0 && comparePositions(range.start, range.end) === 0);
}

/** The rules a code written in a directive names: our id, or the rules whose peer codes include it. */
function rulesNamedBy(suppression: Suppression, code: string): RuleMeta[] {
  if (suppression.kind === 'awaitwise') {
    const rule = ruleById.get(code);
    return rule ? [rule.meta] : [];
  }
  return rulesCoveringAlias(code, catalogMeta);
}

function directiveNote(suppression: Suppression, code: string, language: RuleLanguage): string {
  const where = language === 'python' ? 'this line' : 'the next line';
  if (suppression.kind === 'awaitwise') return `Named in this suppression comment: its findings on ${where} are not shown.`;
  return `\`${code}\` is a peer code of this rule: this comment silences the rule on ${where}.`;
}

/** The hovered code of a suppression comment and the rules it names, if any. */
function hoveredCode(suppressions: readonly Suppression[], position: Position): { range: Range; sections: (language: RuleLanguage) => string[] } | undefined {
  for (const suppression of suppressions) {
    if (suppression.range.start.line !== position.line) continue;
    const index = suppression.codeRanges.findIndex((range) => covers(range, position));
    if (index < 0) continue;
    const code = suppression.codes[index];
    const rules = rulesNamedBy(suppression, code);
    if (rules.length === 0) return undefined;
    return {
      range: suppression.codeRanges[index],
      sections: (language) => rules.map((meta) => renderHover(meta, language, directiveNote(suppression, code, language))),
    };
  }
  return undefined;
}

export function hoverAt(store: DocumentStore, analyses: Analyses, uri: string, position: Position): Hover | null {
  const document = store.get(uri);
  const result = document && analyses.current(document);
  if (!document || !result) return null;
  const language = ruleLanguageOf(document.languageId);
  const findings = result.findings.filter((finding) => covers(finding.range, position));
  const sections = findings.flatMap((finding) => {
    const rule = ruleById.get(finding.ruleId);
    return rule ? [renderHover(rule.meta, language, finding.message)] : [];
  });
  // A finding about the comment (an unused suppression) comes first, then the rule the code names.
  const code = hoveredCode(result.suppressions, position);
  if (code) sections.push(...code.sections(language));
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: code?.range ?? findings[0].range,
  };
}
