// Hover over a finding: the rule's explanation, from the findings already computed for the
// document's current text. Hovering never analyses.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleLanguageOf } from '../engine/languages';
import { comparePositions } from '../engine/text';
import type { Range } from '../engine/types';
import { renderHover } from '../docs/render';
import { ruleById } from '../rules/index';
import type { Analyses } from './analysis';
import type { DocumentStore } from './documents';

function covers(range: Range, position: Position): boolean {
  if (comparePositions(position, range.start) < 0) return false;
  const fromEnd = comparePositions(position, range.end);
  // The end is exclusive, except for an empty range, which would otherwise cover nothing.
  return fromEnd < 0 || (fromEnd === 0 && comparePositions(range.start, range.end) === 0);
}

export function hoverAt(store: DocumentStore, analyses: Analyses, uri: string, position: Position): Hover | null {
  const document = store.get(uri);
  const result = document && analyses.current(document);
  if (!document || !result) return null;
  const findings = result.findings.filter((finding) => covers(finding.range, position));
  const sections = findings.flatMap((finding) => {
    const rule = ruleById.get(finding.ruleId);
    return rule ? [renderHover(rule.meta, ruleLanguageOf(document.languageId), finding.message)] : [];
  });
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: findings[0].range,
  };
}
