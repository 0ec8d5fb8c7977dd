// Every rule against its fixtures: flagged files must produce exactly the annotated findings
// (nothing missing, nothing extra), clean files nothing; fixes must match the expected output,
// keep the code parsing, remove what they fix, and change nothing when applied again.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import { applyFixList, safeFixes } from '../../server/src/engine/fixes';
import { catalog } from '../../server/src/rules';
import { type Fixture, expectedKeys, findingKeys, fixedPath, listFixtures } from '../helpers/fixtures';
import { syntaxErrors } from '../helpers/parse-check';

const UPDATE = process.env.UPDATE_FIXTURES === '1';

function only(ruleId: string) {
  const meta = catalog.find((rule) => rule.meta.id === ruleId)?.meta;
  assert.ok(meta, `fixture folder ${ruleId} names no rule`);
  return new Map([[ruleId, meta.severity]]);
}

function run(fixture: Fixture, text = fixture.text) {
  return analyze(text, fixture.language, { ...fixture.options, rules: only(fixture.ruleId), fileName: basename(fixture.path) });
}

/** Applies the first fix of every finding, as a user accepting each lightbulb would. */
function applyFirstFixes(fixture: Fixture): string {
  const fixes = run(fixture).flatMap((finding) => finding.fixes.slice(0, 1));
  return applyFixList(fixture.text, fixes).text;
}

before(() => initEngine());

const fixtures = listFixtures();

test('every rule has flagged and clean fixtures', () => {
  for (const rule of catalog) {
    const own = fixtures.filter((fixture) => fixture.ruleId === rule.meta.id);
    assert.ok(own.some((f) => f.kind === 'flagged'), `${rule.meta.id} has no flagged fixture`);
    assert.ok(own.some((f) => f.kind === 'clean'), `${rule.meta.id} has no clean fixture`);
  }
});

for (const fixture of fixtures) {
  describe(`${fixture.ruleId}/${fixture.name}`, () => {
    test(fixture.kind === 'flagged' ? 'reports exactly the annotated findings' : 'reports nothing', () => {
      const expected = fixture.kind === 'flagged' ? expectedKeys(fixture.text) : [];
      if (fixture.kind === 'flagged') assert.ok(expected.length > 0, 'a flagged fixture needs expect: comments');
      assert.deepEqual(findingKeys(run(fixture)), expected);
    });

    if (fixture.kind !== 'flagged') return;

    test('the fixture itself parses cleanly', () => {
      assert.equal(syntaxErrors(fixture.text, fixture.language, fixture.name), 0);
    });

    // Fix expectations apply to rules that can fix; others must offer no fix at all.
    if (!catalog.find((rule) => rule.meta.id === fixture.ruleId)?.meta.fixable) {
      test('offers no fixes', () => {
        assert.deepEqual(run(fixture).flatMap((finding) => finding.fixes), []);
      });
      return;
    }

    test('first fixes produce the expected output, which still parses', () => {
      const fixed = applyFirstFixes(fixture);
      const expectedPath = fixedPath(fixture);
      if (UPDATE) writeFileSync(expectedPath, fixed);
      assert.ok(existsSync(expectedPath), `missing ${basename(expectedPath)}; run with UPDATE_FIXTURES=1 and review it`);
      assert.equal(fixed, readFileSync(expectedPath, 'utf8'));
      assert.equal(syntaxErrors(fixed, fixture.language, fixture.name), 0, 'fixed code must parse');
    });

    test('safe fixes remove their findings and are idempotent', () => {
      const findings = run(fixture);
      const once = applyFixList(fixture.text, safeFixes(findings)).text;
      assert.equal(syntaxErrors(once, fixture.language, fixture.name), 0);
      const after = run(fixture, once);
      assert.equal(after.filter((finding) => finding.fixes.some((fix) => fix.safe)).length, 0, 'safe fixes left fixable findings');
      assert.equal(applyFixList(once, safeFixes(after)).text, once, 'fix-all changed the text a second time');
    });
  });
}
