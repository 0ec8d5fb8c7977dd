// Completion inside suppression comments: rule ids in `# awaitwise: ignore[...]` (Python) and
// after `awaitwise-ignore-next-line ` (TS/JS), flake8-async codes after `# noqa: `. Decided from
// the current line up to the cursor only, so it answers at once and never analyses; anywhere
// else it answers null.
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { ruleLanguageOf } from '../engine/languages';
import type { RuleMeta } from '../engine/rule';
import { scriptCodeList } from '../engine/suppressions';
import type { RuleLanguage } from '../engine/types';
import { catalogMeta } from '../rules/index';
import type { DocumentStore } from './documents';

/** Characters after which the client asks for completion by itself. */
export const COMPLETION_TRIGGER_CHARACTERS = ['[', ',', ' ', ':'];

/** Where the cursor is, in a directive's list of codes. */
interface DirectiveContext {
  kind: 'rule-ids' | 'noqa';
  /** The part of the code being typed, before the cursor: what the completion replaces. */
  partial: string;
  /** Codes already on the directive (before and after the cursor), not offered again. */
  listed: Set<string>;
}

/**
 * Where a Python comment starts on a line, or -1: the first `#` outside a string literal, by a
 * scan of the line alone. A string opened on an earlier line (inside a triple-quoted string)
 * is not seen; completion then may be offered in a string that looks like a directive, which
 * is harmless. The analysis itself uses the syntax tree.
 */
export function pythonCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\') i++;
      else if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
    } else if (char === '#') {
      return i;
    } else if (char === '"' || char === "'") {
      quote = line.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      i += quote.length - 1;
    }
  }
  return -1;
}

const PYTHON_IGNORE_LIST = /#\s*awaitwise:\s*ignore\[([^\]]*)$/;
const NOQA_LIST = /#\s*noqa:\s*((?:[A-Za-z]+[0-9]+\s*,\s*)*)([A-Za-z]*[0-9]*)$/;
const SCRIPT_DIRECTIVE = /^\s*(?:\{\s*)?(\/\/|\/\*)\s*awaitwise-ignore-next-line(\s.*)$/;

function codesIn(list: string): string[] {
  return list.split(/[\s,]+/).filter((code) => code.length > 0);
}

function withoutEnd(text: string, length: number): string {
  return text.slice(0, text.length - length);
}

/** The list after the cursor, without the end of the code the cursor is in. */
function restOfCode(after: string): string {
  return after.replace(/^[^\s,]*/, '');
}

/** The directive context at the end of `before` (the line up to the cursor); `line` is the whole line. */
export function directiveContext(before: string, line: string, language: RuleLanguage): DirectiveContext | undefined {
  if (language === 'python') {
    if (!before.includes('#')) return undefined;
    const commentStart = pythonCommentStart(before);
    if (commentStart < 0) return undefined;
    const ignore = PYTHON_IGNORE_LIST.exec(before);
    if (ignore && ignore.index >= commentStart) {
      const partial = /[^\s,]*$/.exec(ignore[1])![0];
      // The list goes on after the cursor, up to its `]`.
      const rest = line.slice(before.length);
      const close = rest.indexOf(']');
      const listed = [...codesIn(withoutEnd(ignore[1], partial.length)), ...codesIn(restOfCode(close >= 0 ? rest.slice(0, close) : ''))];
      return { kind: 'rule-ids', partial, listed: new Set(listed) };
    }
    const noqa = NOQA_LIST.exec(before);
    if (noqa && noqa.index >= commentStart) {
      const listed = codesIn(noqa[1]).map((code) => code.toUpperCase());
      return { kind: 'noqa', partial: noqa[2], listed: new Set(listed) };
    }
    return undefined;
  }
  if (!before.includes('awaitwise-ignore-next-line')) return undefined;
  const match = SCRIPT_DIRECTIVE.exec(before);
  if (!match) return undefined;
  const block = match[1] === '/*';
  const listSoFar = match[2];
  // Past the list: in the `-- reason`, or after the block comment's end.
  if (scriptCodeList(listSoFar, block) !== listSoFar || (block && listSoFar.includes('*/'))) return undefined;
  const partial = /[^\s,]*$/.exec(listSoFar)![0];
  const listed = [...codesIn(withoutEnd(listSoFar, partial.length)), ...codesIn(restOfCode(scriptCodeList(line.slice(before.length), block)))];
  return { kind: 'rule-ids', partial, listed: new Set(listed) };
}

function ruleDocumentation(rules: readonly RuleMeta[]): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value: rules.map((rule) => (rules.length > 1 ? `**${rule.id}**: ${rule.docs.summary}` : rule.docs.summary)).join('\n\n') };
}

function ruleIdItems(context: DirectiveContext, language: RuleLanguage, range: Range): CompletionItem[] {
  return catalogMeta
    .filter((rule) => rule.languages.includes(language) && !context.listed.has(rule.id))
    .map((rule) => ({
      label: rule.id,
      kind: CompletionItemKind.EnumMember,
      detail: rule.title,
      documentation: ruleDocumentation([rule]),
      textEdit: { range, newText: rule.id },
    }));
}

/** flake8-async codes (`ASYNC251`) of the Python rules, each with the rules that cover it. */
function noqaItems(context: DirectiveContext, range: Range): CompletionItem[] {
  const byCode = new Map<string, RuleMeta[]>();
  for (const rule of catalogMeta) {
    if (!rule.languages.includes('python')) continue;
    for (const alias of rule.aliases) {
      if (!/^ASYNC\d+$/.test(alias) || context.listed.has(alias)) continue;
      byCode.set(alias, [...(byCode.get(alias) ?? []), rule]);
    }
  }
  return [...byCode]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([code, rules], index) => ({
      label: code,
      kind: CompletionItemKind.Value,
      detail: rules.map((rule) => rule.id).join(', '),
      documentation: ruleDocumentation(rules),
      sortText: String(index).padStart(4, '0'),
      textEdit: { range, newText: code },
    }));
}

export function completionAt(store: DocumentStore, uri: string, position: Position): CompletionList | null {
  const document = store.get(uri);
  if (!document) return null;
  const lines = document.source.lines;
  if (position.line >= lines.lineCount) return null;
  const line = lines.lineText(position.line);
  const before = line.slice(0, position.character);
  const language = ruleLanguageOf(document.languageId);
  const context = directiveContext(before, line, language);
  if (!context) return null;
  const range: Range = { start: { line: position.line, character: position.character - context.partial.length }, end: position };
  const items = context.kind === 'noqa' ? noqaItems(context, range) : ruleIdItems(context, language, range);
  return { isIncomplete: false, items };
}
