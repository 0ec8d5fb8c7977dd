// The review checklist: its content, how findings decide its items, and its Markdown form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checklist, joinChecklist } from '../../server/src/checklist/catalog';
import { checklistEntries } from '../../server/src/checklist/items';
import { renderChecklistMarkdown } from '../../server/src/checklist/markdown';
import { countChecklist } from '../../server/src/checklist/counts';
import { checklistReport, decideChecklist } from '../../server/src/checklist/report';
import type { RuleMeta } from '../../server/src/engine/rule';
import type { RuleLanguage } from '../../server/src/engine/types';
import { catalogMeta } from '../../server/src/rules/index';

const items = checklist.flatMap((section) => section.items);
const ALL_RULES = new Set(catalogMeta.map((rule) => rule.id));
const PYTHON_ONLY: ReadonlySet<RuleLanguage> = new Set(['python']);
const EVERY_LANGUAGE: ReadonlySet<RuleLanguage> = new Set(['python', 'typescript', 'javascript']);

test('the checklist has the seven review sections, in review order', () => {
  assert.deepEqual(
    checklist.map((section) => section.title),
    [
      'Concurrency model',
      'Coroutines and tasks',
      'Async patterns and resources',
      'Startup and shutdown',
      'Blocking prevention',
      'Library usage',
      'Error handling and resilience',
    ],
  );
});

test('it holds at least 30 items with unique ids, each for Python, TS/JS or both', () => {
  assert.ok(items.length >= 30, `${items.length} items`);
  assert.equal(new Set(items.map((item) => item.id)).size, items.length, 'duplicate item ids');
  for (const item of items) {
    assert.match(item.id, /^[a-z]+(-[a-z]+)*$/, item.id);
    assert.ok(item.languages.length > 0, `${item.id}: no languages`);
    assert.ok(item.title.length > 20 && !item.title.endsWith('.'), `${item.id}: title "${item.title}"`);
  }
});

test('every automatic item is decided by rules, and covers exactly their languages', () => {
  for (const item of items.filter((candidate) => !candidate.manual)) {
    assert.ok(item.rules.length > 0, `${item.id}: no rule decides it`);
    const ruleLanguages = new Set(item.rules.flatMap((id) => catalogMeta.find((rule) => rule.id === id)!.languages));
    assert.deepEqual(new Set(item.languages), ruleLanguages, item.id);
  }
});

test('manual items say how to check them, and include the shutdown and debug-mode checks', () => {
  const manual = items.filter((item) => item.manual);
  for (const item of manual) {
    assert.equal(item.rules.length, 0, item.id);
    assert.ok((item.hint ?? '').length > 30, `${item.id}: hint`);
  }
  assert.ok(manual.some((item) => item.id === 'shutdown-tested' && /SIGTERM/.test(item.title)));
  assert.ok(manual.some((item) => item.id === 'debug-mode-tested' && item.languages.includes('python')));
});

test('a rule naming an item that does not exist leaves that item without rules (the catalog test catches the rule)', () => {
  const stray = { ...catalogMeta[0], checklist: 'no-such-item' } as RuleMeta;
  const joined = joinChecklist(checklistEntries, [stray]).flatMap((section) => section.items);
  assert.ok(joined.every((item) => !item.rules.includes(stray.id)));
});

function finding(ruleId: string): { ruleId: string } {
  return { ruleId };
}

test('an automatic item passes without findings of its rules and fails with their count', () => {
  const decided = decideChecklist([finding('blocking-sleep'), finding('blocking-sleep'), finding('dangling-task')], {
    languages: PYTHON_ONLY,
    enabledRules: ALL_RULES,
  });
  const byId = new Map(decided.flatMap((section) => section.items).map((item) => [item.item.id, item]));
  assert.equal(byId.get('no-blocking-sleep')?.result.status, 'fail');
  assert.equal(byId.get('no-blocking-sleep')?.result.findings, 2);
  assert.equal(byId.get('no-blocking-sleep')?.findings.length, 2);
  assert.equal(byId.get('tasks-referenced')?.result.findings, 1);
  assert.equal(byId.get('no-blocking-io')?.result.status, 'pass');
  assert.equal(byId.get('shutdown-tested')?.result.status, 'manual');
});

test('items for languages that are not in scope are left out, and so are emptied sections', () => {
  const python = decideChecklist([], { languages: PYTHON_ONLY, enabledRules: ALL_RULES }).flatMap((section) => section.items);
  assert.ok(python.every((item) => item.item.languages.includes('python')));
  assert.ok(!python.some((item) => item.item.id === 'promises-handled'));
  const script = decideChecklist([], { languages: new Set<RuleLanguage>(['typescript']), enabledRules: ALL_RULES });
  assert.ok(!script.flatMap((section) => section.items).some((item) => item.item.id === 'debug-mode-tested'));
  assert.deepEqual(decideChecklist([], { languages: new Set(), enabledRules: ALL_RULES }), []);
});

test('an automatic item whose rules are all off falls to the reader', () => {
  const enabled = new Set([...ALL_RULES].filter((id) => id !== 'blocking-sleep'));
  const decided = decideChecklist([], { languages: PYTHON_ONLY, enabledRules: enabled }).flatMap((section) => section.items);
  const sleep = decided.find((item) => item.item.id === 'no-blocking-sleep')!;
  assert.equal(sleep.result.status, 'manual');
  assert.deepEqual(sleep.result.rules, ['blocking-sleep']);
});

test('the report counts passed, failed and manual items', () => {
  const report = checklistReport(decideChecklist([finding('floating-promise')], { languages: EVERY_LANGUAGE, enabledRules: ALL_RULES }));
  const counts = countChecklist(report, new Set(['shutdown-tested']));
  const all = report.sections.flatMap((section) => section.items);
  assert.equal(counts.failed, 1);
  assert.equal(counts.findings, 1);
  assert.equal(counts.passed + counts.failed + counts.manual, all.length);
  assert.equal(counts.ticked, 1);
});

test('Markdown: a task list with statuses, counts and ticks, for a pull-request description', () => {
  const report = checklistReport(decideChecklist([finding('blocking-sleep'), finding('blocking-sleep')], { languages: PYTHON_ONLY, enabledRules: ALL_RULES }));
  const markdown = renderChecklistMarkdown(report, { ticked: new Set(['shutdown-tested']), heading: 'Async review: app.py' });
  const lines = markdown.split('\n');
  assert.equal(lines[0], '## Async review: app.py');
  assert.match(markdown, /\n### Blocking prevention\n/);
  assert.ok(lines.includes('- [ ] Async code pauses with the async sleep of its library, never a blocking one — **2 findings** (`blocking-sleep`)'));
  assert.ok(lines.includes('- [x] Files, paths and console input are not read or written synchronously in async code'));
  assert.ok(lines.some((line) => line.startsWith('- [x] Shutdown was tried for real') && line.endsWith('_(checked by hand)_')));
  assert.ok(lines.some((line) => line.startsWith('- [ ] The code was run with the event loop’s debug mode on')));
  const counts = countChecklist(report, new Set(['shutdown-tested']));
  assert.equal(lines[2], `${counts.passed} passed · 1 failed (2 findings) · 1 of ${counts.manual} manual checks done`);
  assert.ok(!/promise/i.test(markdown), 'TS/JS items are left out of a Python-only checklist');
});
