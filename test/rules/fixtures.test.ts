// Every rule against its fixtures: flagged files must produce exactly the annotated findings
// (nothing missing, nothing extra), clean files nothing; fixes must match the expected output,
// keep the code parsing, remove what they fix, and change nothing when applied again. TS/JS
// fixtures run twice, without and with a type checker: what syntax decides must not change
// when types are added.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import { applyFixList, safeFixes } from '../../server/src/engine/fixes';
import { catalog } from '../../server/src/rules';
import { type Fixture, type FixtureMode, expectedKeys, findingKeys, fixedPath, listFixtures } from '../helpers/fixtures';
import { syntaxErrors } from '../helpers/parse-check';
import { typedAnalysisOptions } from '../helpers/typed-program';

const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The folder's rule, and the rules its options.json enables beside it (`withRules`). */
function only(ruleId: string, withRules: readonly string[] = []) {
  const rules = new Map<string, (typeof catalog)[number]['meta']['severity']>();
  for (const id of [ruleId, ...withRules]) {
    const meta = catalog.find((rule) => rule.meta.id === id)?.meta;
    assert.ok(meta, `fixture folder ${ruleId} names no rule ${id}`);
    rules.set(id, meta.severity);
  }
  return rules;
}

function modesOf(fixture: Fixture): FixtureMode[] {
  return fixture.language === 'python' ? ['syntactic'] : ['syntactic', 'typed'];
}

/** The mode whose fixes the expected output records: the one that finds the most. */
function fixMode(fixture: Fixture): FixtureMode {
  return modesOf(fixture).at(-1)!;
}

function run(fixture: Fixture, mode: FixtureMode, text = fixture.text) {
  const name = basename(fixture.path);
  const where = mode === 'typed' ? typedAnalysisOptions(name, text) : { fileName: name };
  const { withRules, ...options } = fixture.options;
  const findings = analyze(text, fixture.language, { ...options, ...where, rules: only(fixture.ruleId, withRules) });
  return withRules ? findings.filter((finding) => finding.ruleId === fixture.ruleId) : findings;
}

/** Applies the first fix of every finding, as a user accepting each lightbulb would. */
function applyFirstFixes(fixture: Fixture): string {
  const fixes = run(fixture, fixMode(fixture)).flatMap((finding) => finding.fixes.slice(0, 1));
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
    for (const mode of modesOf(fixture)) {
      test(`${fixture.kind === 'flagged' ? 'reports exactly the annotated findings' : 'reports nothing'} (${mode})`, () => {
        const expected = fixture.kind === 'flagged' ? expectedKeys(fixture.text, mode) : [];
        assert.deepEqual(findingKeys(run(fixture, mode)), expected);
      });
    }

    if (fixture.kind !== 'flagged') return;

    test('has expect: comments', () => {
      assert.ok(expectedKeys(fixture.text, fixMode(fixture)).length > 0, 'a flagged fixture needs expect: comments');
    });

    test('the fixture itself parses cleanly', () => {
      assert.equal(syntaxErrors(fixture.text, fixture.language, fixture.name), 0);
    });

    // Fix expectations apply to rules that can fix; others must offer no fix at all.
    if (!catalog.find((rule) => rule.meta.id === fixture.ruleId)?.meta.fixable) {
      test('offers no fixes', () => {
        assert.deepEqual(run(fixture, fixMode(fixture)).flatMap((finding) => finding.fixes), []);
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

    for (const mode of modesOf(fixture)) {
      test(`safe fixes remove their findings and are idempotent (${mode})`, () => {
        const findings = run(fixture, mode);
        const once = applyFixList(fixture.text, safeFixes(findings)).text;
        assert.equal(syntaxErrors(once, fixture.language, fixture.name), 0);
        const after = run(fixture, mode, once);
        assert.equal(after.filter((finding) => finding.fixes.some((fix) => fix.safe)).length, 0, 'safe fixes left fixable findings');
        assert.equal(applyFixList(once, safeFixes(after)).text, once, 'fix-all changed the text a second time');
      });
    }
  });
}
