// Catalog integrity: the contract every rule's metadata must keep, since settings, suppression
// comments, the docs and the checklist all key off it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checklist } from '../../server/src/checklist/catalog';
import { SEVERITIES } from '../../server/src/engine/config';
import { catalogMeta } from '../../server/src/rules';

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** flake8-async / Ruff style (`ASYNC251`, `RUF006`) or an ESLint rule name, optionally scoped to a plugin. */
const PEER_CODE = /^(?:[A-Z]{1,8}\d{3,4}|(?:@[a-z0-9-]+\/)?[a-z]+(?:-[a-z0-9]+)+)$/;

const checklistItems = new Map(checklist.flatMap((section) => section.items).map((item) => [item.id, item]));

test('rule ids are kebab-case and unique', () => {
  const ids = catalogMeta.map((rule) => rule.id);
  for (const id of ids) assert.match(id, KEBAB_CASE);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${ids.join(', ')}`);
});

/**
 * Peer rules this catalog deliberately splits in two, so both rules answer to the peer's name
 * (in `--select` and in suppression comments): typescript-eslint's no-misused-promises covers
 * both callbacks and conditions; flake8-async's ASYNC233 covers `pathlib` reads and writes
 * (blocking-file-io) and `Path.touch()` (blocking-os-path).
 */
const SPLIT_PEER_RULES = new Set(['NO-MISUSED-PROMISES', 'ASYNC233']);

/**
 * Every flake8-async code from ASYNC100 to ASYNC913, except the two that are not about async
 * semantics: ASYNC106 (how a library is imported) and ASYNC127 (one package's maintenance
 * status). ASYNC430 is the code ASYNC401 had before the peer renumbered it.
 */
const FLAKE8_ASYNC_CODES = [
  100, 101, 102, 103, 104, 105, 109, 110, 111, 112, 113, 114, 115, 116, 118, 119, 120, 121, 122, 123, 124, 125, 126, 128,
  200, 210, 211, 212, 220, 221, 222, 230, 231, 232, 233, 240, 250, 251, 300, 400, 401, 430, 900, 910, 911, 912, 913,
].map((code) => `ASYNC${code}`);

test('every flake8-async code is answered by some rule', () => {
  const aliases = new Set(catalogMeta.flatMap((rule) => rule.aliases));
  assert.deepEqual(FLAKE8_ASYNC_CODES.filter((code) => !aliases.has(code)), []);
});

test('aliases look like peer codes, belong to one rule (unless a peer rule is split), and are not rule ids', () => {
  const ids = new Set(catalogMeta.map((rule) => rule.id));
  const owner = new Map<string, string>();
  for (const rule of catalogMeta) {
    for (const alias of rule.aliases) {
      assert.match(alias, PEER_CODE, `${rule.id}: alias ${alias}`);
      assert.ok(!ids.has(alias), `${rule.id}: alias ${alias} is also a rule id`);
      // Aliases are matched case-insensitively in settings and suppressions.
      const key = alias.toUpperCase();
      assert.ok(!owner.has(key) || SPLIT_PEER_RULES.has(key), `alias ${alias} is claimed by both ${owner.get(key)} and ${rule.id}`);
      owner.set(key, rule.id);
    }
  }
});

test('languages and severity are valid', () => {
  for (const rule of catalogMeta) {
    assert.ok(rule.languages.length > 0, `${rule.id}: no languages`);
    assert.equal(new Set(rule.languages).size, rule.languages.length, `${rule.id}: repeated language`);
    assert.ok(SEVERITIES.includes(rule.severity), `${rule.id}: severity ${rule.severity}`);
  }
});

/** Rules about the tool's own comments, which no review checklist item is about. */
const RULES_WITHOUT_CHECKLIST = new Set(['unused-suppression']);

test('each rule decides an automatic checklist item for its languages', () => {
  for (const rule of catalogMeta) {
    if (rule.checklist === undefined) {
      assert.ok(RULES_WITHOUT_CHECKLIST.has(rule.id), `${rule.id}: no checklist item`);
      continue;
    }
    const item = checklistItems.get(rule.checklist);
    assert.ok(item, `${rule.id}: unknown checklist item ${rule.checklist}`);
    assert.equal(item.manual, false, `${rule.id}: checklist item ${item.id} is manual`);
    for (const language of rule.languages) {
      assert.ok(item.languages.includes(language), `${rule.id}: checklist item ${item.id} does not cover ${language}`);
    }
  }
});

test('docs fields are filled in', () => {
  for (const rule of catalogMeta) {
    const { docs } = rule;
    for (const [field, value] of Object.entries({ title: rule.title, summary: docs.summary, why: docs.why, fix: docs.fix })) {
      assert.ok(value.trim().length > 0, `${rule.id}: empty ${field}`);
    }
    for (const [field, value] of Object.entries({ fixSafety: docs.fixSafety, notes: docs.notes })) {
      if (value !== undefined) assert.ok(value.trim().length > 0, `${rule.id}: ${field} is present but empty`);
    }
  }
});

test('examples cover exactly the language families a rule covers', () => {
  for (const rule of catalogMeta) {
    const families = {
      python: rule.languages.includes('python'),
      typescript: rule.languages.some((language) => language !== 'python'),
    };
    for (const [family, covered] of Object.entries(families) as [keyof typeof families, boolean][]) {
      const example = rule.docs.examples[family];
      assert.equal(example !== undefined, covered, `${rule.id}: ${covered ? 'missing' : 'unexpected'} ${family} example`);
      if (!example) continue;
      assert.ok(example.bad.trim() && example.good.trim(), `${rule.id}: empty ${family} example`);
      assert.notEqual(example.bad, example.good, `${rule.id}: ${family} example does not change anything`);
    }
  }
});

test('fix safety is documented exactly for fixable rules', () => {
  for (const rule of catalogMeta) {
    assert.equal(rule.docs.fixSafety !== undefined, rule.fixable, `${rule.id}: fixable is ${rule.fixable} but fixSafety is ${rule.docs.fixSafety === undefined ? 'absent' : 'present'}`);
  }
});
