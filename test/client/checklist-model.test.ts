// The parts of the checklist view and the status bar that need no editor: what is remembered
// per workspace, and the words shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChecklistItemView, ChecklistResponse } from '../../server/src/checklist/protocol';
import {
  itemDescription,
  locationDescription,
  markdownHeading,
  moreFindingsLabel,
  partialMessage,
  scopeDescription,
  sectionDescription,
} from '../../client/src/checklist/describe';
import { ChecklistMemory, SCOPE_KEY, TICKED_KEY, type ChecklistStore } from '../../client/src/checklist/memory';
import { summarizeStatus } from '../../client/src/status-summary';

class MapStore implements ChecklistStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

const location = (line: number) => ({
  uri: 'file:///w/app.py',
  range: { start: { line, character: 4 }, end: { line, character: 17 } },
  ruleId: 'blocking-sleep',
  message: 'time.sleep() blocks the event loop',
  severity: 'error' as const,
});

function item(id: string, status: ChecklistItemView['status'], extra: Partial<ChecklistItemView> = {}): ChecklistItemView {
  return { id, title: id, languages: ['python'], rules: status === 'manual' ? [] : ['blocking-sleep'], status, findings: 0, locations: [], ...extra };
}

function response(extra: Partial<ChecklistResponse> = {}): ChecklistResponse {
  return { scope: 'file', files: 1, partial: false, sections: [], ...extra };
}

test('the scope defaults to the current file and survives a reload', async () => {
  const store = new MapStore();
  assert.equal(new ChecklistMemory(store).scope, 'file');
  await new ChecklistMemory(store).setScope('workspace');
  assert.equal(new ChecklistMemory(store).scope, 'workspace');
  store.values.set(SCOPE_KEY, 'galaxy');
  assert.equal(new ChecklistMemory(store).scope, 'file', 'an unknown saved scope falls back to the default');
});

test('manual ticks are saved as a sorted list of ids, changed only when they change, and reset', async () => {
  const store = new MapStore();
  const memory = new ChecklistMemory(store);
  assert.equal(await memory.setTicked([['shutdown-tested', true], ['debug-mode-tested', true]]), true);
  assert.deepEqual(store.values.get(TICKED_KEY), ['debug-mode-tested', 'shutdown-tested']);
  assert.equal(await memory.setTicked([['shutdown-tested', true]]), false);
  assert.equal(await memory.setTicked([['shutdown-tested', false]]), true);
  assert.deepEqual([...new ChecklistMemory(store).ticked], ['debug-mode-tested']);
  await memory.clearTicked();
  assert.equal(memory.ticked.size, 0);
  store.values.set(TICKED_KEY, ['a', 3, null]);
  assert.deepEqual([...memory.ticked], ['a'], 'junk in the saved list is ignored');
});

test('a section counts passed items and ticked manual ones', () => {
  const section = { id: 's', title: 'S', items: [item('a', 'pass'), item('b', 'fail', { findings: 2 }), item('c', 'manual'), item('d', 'manual')] };
  assert.equal(sectionDescription(section, new Set()), '1 of 4 passed');
  assert.equal(sectionDescription(section, new Set(['c'])), '2 of 4 passed');
});

test('items describe their findings, and manual ones why they are manual', () => {
  assert.equal(itemDescription(item('a', 'pass')), undefined);
  assert.equal(itemDescription(item('a', 'fail', { findings: 1 })), '1 finding');
  assert.equal(itemDescription(item('a', 'fail', { findings: 12 })), '12 findings');
  assert.equal(itemDescription(item('a', 'manual')), 'check by hand');
  assert.equal(itemDescription(item('a', 'manual', { rules: ['blocking-sleep'] })), 'its rules are off: check by hand');
});

test('a failed item with more findings than locations says how many are left out', () => {
  assert.equal(moreFindingsLabel(item('a', 'fail', { findings: 2, locations: [location(3), location(9)] })), undefined);
  assert.equal(moreFindingsLabel(item('a', 'fail', { findings: 205, locations: [location(3)] })), 'and 204 more — see the Problems panel');
  assert.equal(locationDescription('src/app.py', location(3).range), 'src/app.py:4');
});

test('the view says what it covers, and when the counts are incomplete', () => {
  assert.equal(scopeDescription(response(), 'app.py'), 'Current file: app.py');
  assert.equal(scopeDescription(response({ scope: 'workspace', files: 12 }), undefined), 'Workspace: 12 files');
  assert.equal(scopeDescription(response({ scope: 'workspace', files: 1 }), undefined), 'Workspace: 1 file');
  assert.equal(scopeDescription(response({ scope: 'workspace', files: 5000, partial: true }), undefined), 'Workspace: 5000 files (incomplete)');
  assert.equal(partialMessage(response()), undefined);
  assert.match(partialMessage(response({ scope: 'workspace', partial: true }))!, /incomplete/);
  assert.equal(markdownHeading(response(), 'app.py'), 'Async review checklist: app.py');
  assert.equal(markdownHeading(response({ scope: 'workspace', files: 3 }), undefined), 'Async review checklist: workspace (3 files)');
});

test('the status bar shows the server state, then the count the Problems panel lists', () => {
  const none = { error: 0, warning: 0, information: 0, hint: 0 };
  assert.equal(summarizeStatus('starting', none).text, '$(sync~spin) Awaitwise');
  const stopped = summarizeStatus('stopped', { ...none, error: 3 });
  assert.equal(stopped.text, '$(error) Awaitwise');
  assert.equal(stopped.failed, true);
  assert.equal(summarizeStatus('running', none).text, '$(check) Awaitwise');
  const hintsOnly = summarizeStatus('running', { ...none, hint: 2 });
  assert.equal(hintsOnly.text, '$(check) Awaitwise');
  assert.match(hintsOnly.tooltip, /2 hints/);
  const found = summarizeStatus('running', { error: 1, warning: 10, information: 1, hint: 4 });
  assert.equal(found.text, '$(warning) Awaitwise: 12');
  assert.match(found.tooltip, /1 error, 10 warnings, 1 information, 4 hints/);
  assert.equal(found.failed, false);
});
