// Properties every automatic fix must have, checked on one text at a time. Each fix of each
// finding, safe or not (the lightbulb offers them all), applied alone: its edits lie inside the
// document and do not overlap, it changes nothing outside them, the code still parses and the
// finding it targets is gone. Fix-all as the CLI runs it (safe fixes, pass after pass): each
// pass rewrites only what its merged edits cover, the result parses, no safe fix is left, and a
// second run changes nothing. With CRLF line breaks, every fix does what it does with LF.
import type { Finding, Fix, Severity, SourceLanguage, TextEdit } from '../../server/src/engine';
import { applyFixList, mergeFixEdits, safeFixes } from '../../server/src/engine/fixes';
import { countSyntaxErrors } from '../../server/src/engine/syntax-errors';
import { LineIndex, comparePositions } from '../../server/src/engine/text';
import { catalog } from '../../server/src/rules';
import { applySafeFixesRepeatedly } from '../../server/src/workers/fix-passes';
import { applyTextEdits } from './text-edits';

/** Every rule, off-by-default ones included, so fixes of different rules meet in one text. */
const ALL_RULES = new Map(catalog.map((rule) => [rule.meta.id, rule.meta.severity]));

export interface Subject {
  /** Names the text in failure messages: a fixture and mode, or a corpus path. */
  label: string;
  text: string;
  language: SourceLanguage;
  fileName: string;
  /** Analyses any version of the text the same way (mode, options) with the given rules. */
  analyse(text: string, rules: ReadonlyMap<string, Severity>): Finding[];
}

export interface Tally {
  texts: number;
  findings: number;
  fixes: number;
  fixAllPasses: number;
}

export const newTally = (): Tally => ({ texts: 0, findings: 0, fixes: 0, fixAllPasses: 0 });

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Why edits cannot be applied as written: a position past its line or the last line (editors
 * and `LineIndex` clamp those silently, so they would land elsewhere), one inside a surrogate
 * pair, a range that ends before it starts, or edits that overlap (two insertions at one point
 * included: their order would be arbitrary).
 */
function editProblems(text: string, edits: readonly TextEdit[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const problems: string[] = [];
  for (const { range } of edits) {
    for (const { line, character } of [range.start, range.end]) {
      const content = lines[line];
      if (content === undefined || character < 0 || character > content.length) {
        problems.push(`edit position ${line + 1}:${character + 1} is outside the document`);
      } else if (isHighSurrogate(content.charCodeAt(character - 1)) && isLowSurrogate(content.charCodeAt(character))) {
        problems.push(`edit position ${line + 1}:${character + 1} splits a surrogate pair`);
      }
    }
    if (comparePositions(range.start, range.end) > 0) problems.push(`edit at ${range.start.line + 1}:${range.start.character + 1} ends before it starts`);
  }
  const sorted = [...edits].sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1].range;
    const { start, end } = sorted[i].range;
    const bothInsertAtOnePoint = comparePositions(previous.start, previous.end) === 0 && comparePositions(start, end) === 0 && comparePositions(previous.start, start) === 0;
    if (comparePositions(start, previous.end) < 0 || bothInsertAtOnePoint) problems.push(`edits overlap at ${start.line + 1}:${start.character + 1}`);
  }
  return problems;
}

/** Checks that `after` is `before` with exactly `edits` applied (by a second implementation), naming where it is not. */
function outsideEditsProblem(before: string, after: string, edits: readonly TextEdit[]): string | undefined {
  const expected = applyTextEdits(before, edits);
  if (after === expected) return undefined;
  let at = 0;
  while (at < after.length && after[at] === expected[at]) at++;
  const { line, character } = new LineIndex(after).positionAt(at);
  return `the text differs from its edits applied at ${line + 1}:${character + 1}`;
}

/**
 * The span of the fixed text that holds what stood at `offset` before: the new text of the
 * edits that replace or insert at it (so `await ` added before a call counts as the call's
 * place), or the shifted offset when no edit touches it. `from`/`to` are the matching span of
 * the original text.
 */
function mappedSpan(offset: number, edits: readonly OffsetEdit[]): { from: number; to: number; newFrom: number; newTo: number } {
  let shift = 0;
  let span: { from: number; to: number; newFrom: number; newTo: number } | undefined;
  for (const edit of edits) {
    const endsBefore = edit.end < offset || (edit.end === offset && edit.start < offset);
    if (!endsBefore && edit.start > offset) break;
    if (!endsBefore) {
      const newStart = edit.start + shift;
      span = {
        from: span?.from ?? edit.start,
        to: edit.end,
        newFrom: span?.newFrom ?? newStart,
        newTo: newStart + edit.newText.length,
      };
    }
    shift += edit.newText.length - (edit.end - edit.start);
  }
  return span ?? { from: offset, to: offset, newFrom: offset + shift, newTo: offset + shift };
}

function countStarting(findings: readonly Finding[], lines: LineIndex, ruleId: string, from: number, to: number): number {
  return findings.filter((finding) => {
    if (finding.ruleId !== ruleId) return false;
    const start = lines.offsetAt(finding.range.start);
    return start >= from && start <= to;
  }).length;
}

function offsetEdits(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const lines = new LineIndex(text);
  return edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function parseProblem(subject: Subject, errorsBefore: number, text: string): string | undefined {
  const errors = countSyntaxErrors(text, subject.language, subject.fileName);
  return errors > errorsBefore ? `${errorsBefore === 0 ? 'the code no longer parses' : 'adds syntax errors'} (${errorsBefore} -> ${errors})` : undefined;
}

/** Analysis with just the rules one rule's findings depend on, and its result on the unfixed text. */
interface Recheck {
  run(text: string): Finding[];
  original: Finding[];
}

/**
 * A rule alone decides its findings, except `unused-suppression`, which judges the other rules'.
 * One rule analyses several times faster than all of them, and every fix is re-checked.
 */
function recheckFor(subject: Subject, ruleId: string, severity: Severity): Recheck {
  const rules = ruleId === 'unused-suppression' ? ALL_RULES : new Map([[ruleId, severity]]);
  const run = (text: string) => subject.analyse(text, rules);
  return { run, original: run(subject.text) };
}

/** What is wrong with one fix of `finding`, applied alone to the subject's text. */
function fixProblems(subject: Subject, finding: Finding, fix: Fix, errorsBefore: number, recheck: Recheck): string[] {
  const invalid = editProblems(subject.text, fix.edits);
  if (invalid.length > 0) return invalid;
  const problems: string[] = [];
  const outcome = applyFixList(subject.text, [fix]);
  const outside = outsideEditsProblem(subject.text, outcome.text, fix.edits);
  if (outside) problems.push(outside);
  const broken = parseProblem(subject, errorsBefore, outcome.text);
  if (broken) problems.push(broken);
  const lines = new LineIndex(subject.text);
  const span = mappedSpan(lines.offsetAt(finding.range.start), offsetEdits(subject.text, fix.edits));
  // Counts, not presence: other findings of the rule may start in the same place and stay.
  const beforeCount = countStarting(recheck.original, lines, finding.ruleId, span.from, span.to);
  const afterCount = countStarting(recheck.run(outcome.text), new LineIndex(outcome.text), finding.ruleId, span.newFrom, span.newTo);
  if (afterCount >= beforeCount) problems.push('the finding is still reported after the fix');
  return problems;
}

/**
 * What is wrong with fix-all as `--fix` runs it, then run once more on its result. The CLI's
 * guard against passes that add syntax errors is left out, so that such a pass shows here.
 */
function fixAllProblems(subject: Subject, findings: Finding[], errorsBefore: number, tally: Tally): string[] {
  const analyseAll = (text: string) => subject.analyse(text, ALL_RULES);
  const passes = [{ text: subject.text, findings }];
  const fixed = applySafeFixesRepeatedly(subject.text, findings, (text) => {
    const found = analyseAll(text);
    passes.push({ text, findings: found });
    return found;
  });
  tally.fixAllPasses += passes.length - 1;
  const problems: string[] = [];
  for (let pass = 1; pass < passes.length; pass++) {
    const { text, findings: found } = passes[pass - 1];
    const edits = mergeFixEdits(text, safeFixes(found));
    for (const problem of editProblems(text, edits)) problems.push(`fix-all pass ${pass}: ${problem}`);
    const outside = outsideEditsProblem(text, passes[pass].text, edits);
    if (outside) problems.push(`fix-all pass ${pass}: ${outside}`);
  }
  const broken = parseProblem(subject, errorsBefore, fixed.text);
  if (broken) problems.push(`fix-all: ${broken}`);
  const left = fixed.findings.filter((finding) => finding.fixes.some((fix) => fix.safe));
  if (left.length > 0) problems.push(`fix-all left safe fixes: ${left.map((finding) => `${finding.ruleId}@${finding.range.start.line + 1}`).join(', ')}`);
  if (applySafeFixesRepeatedly(fixed.text, fixed.findings, analyseAll).text !== fixed.text) {
    problems.push('fix-all changed the text again on a second run');
  }
  return problems;
}

/** Every problem of every fix of the subject, each naming the subject, finding and fix. */
export function subjectProblems(subject: Subject, tally: Tally): string[] {
  const findings = subject.analyse(subject.text, ALL_RULES);
  const errorsBefore = countSyntaxErrors(subject.text, subject.language, subject.fileName);
  tally.texts++;
  tally.findings += findings.length;
  const problems: string[] = [];
  const rechecks = new Map<string, Recheck>();
  for (const finding of findings) {
    if (finding.fixes.length === 0) continue;
    const recheck = rechecks.get(finding.ruleId) ?? recheckFor(subject, finding.ruleId, finding.severity);
    rechecks.set(finding.ruleId, recheck);
    for (const fix of finding.fixes) {
      tally.fixes++;
      const where = `${subject.label}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId} "${fix.title}"`;
      for (const problem of fixProblems(subject, finding, fix, errorsBefore, recheck)) problems.push(`${where}: ${problem}`);
    }
  }
  for (const problem of fixAllProblems(subject, findings, errorsBefore, tally)) problems.push(`${subject.label}: ${problem}`);
  return problems;
}

export function describeTally(tally: Tally): string {
  return `${tally.texts} texts, ${tally.findings} findings, ${tally.fixes} fixes applied one by one, ${tally.fixAllPasses} fix-all passes`;
}

/** A finding's rule and place, to pair the findings of one text with different line breaks. */
const placeOf = (finding: Finding) => JSON.stringify([finding.ruleId, finding.range, finding.fixes.length]);
/** Fixes must write the line breaks of the text they edit. */
const LONE_BREAK = /\r(?!\n)|(?<!\r)\n/;

/**
 * The subject's text with CRLF line breaks must get the same findings and fixes, each fix
 * giving what it gives with LF once its line breaks are turned back, and no fix may leave a
 * lone `\r` or `\n`. Cheaper than every check again (no re-analysis after each fix), and it
 * catches what CRLF breaks: tokens that take in the `\r`, edits that split a line break, new
 * lines written with `\n`.
 */
export function lineBreakProblems(subject: Subject, tally: Tally): string[] {
  const lf = subject.text.replace(/\r\n?/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const backToLf = (text: string) => text.replace(/\r\n/g, '\n');
  const lfFindings = subject.analyse(lf, ALL_RULES);
  const crlfFindings = subject.analyse(crlf, ALL_RULES);
  tally.texts++;
  tally.findings += crlfFindings.length;
  const label = `${subject.label} (CRLF)`;
  if (crlfFindings.map(placeOf).join() !== lfFindings.map(placeOf).join()) return [`${label}: the findings differ from those with LF line breaks`];
  const problems: string[] = [];
  for (const [index, finding] of crlfFindings.entries()) {
    for (const [fixIndex, fix] of finding.fixes.entries()) {
      tally.fixes++;
      const where = `${label}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId} "${fix.title}"`;
      const invalid = editProblems(crlf, fix.edits);
      problems.push(...invalid.map((problem) => `${where}: ${problem}`));
      if (invalid.length > 0) continue;
      const fixed = applyFixList(crlf, [fix]).text;
      if (LONE_BREAK.test(fixed)) problems.push(`${where}: leaves a line break that is not CRLF`);
      if (backToLf(fixed) !== applyFixList(lf, [lfFindings[index].fixes[fixIndex]]).text) problems.push(`${where}: differs from the fix with LF line breaks`);
    }
  }
  const fixAll = (text: string, findings: Finding[]) => applySafeFixesRepeatedly(text, findings, (version) => subject.analyse(version, ALL_RULES)).text;
  const fixedAll = fixAll(crlf, crlfFindings);
  if (LONE_BREAK.test(fixedAll)) problems.push(`${label}: fix-all leaves a line break that is not CRLF`);
  if (backToLf(fixedAll) !== fixAll(lf, lfFindings)) problems.push(`${label}: fix-all differs from fix-all with LF line breaks`);
  return problems;
}
