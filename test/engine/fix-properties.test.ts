// The fix properties of test/helpers/fix-properties.ts on every rule fixture, flagged and clean,
// with every rule on: syntactic and, for TS/JS, type-aware; then the same fixes with CRLF line
// breaks. The checks are themselves checked first, on fixes built to break each property.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type AnalyzeOptions, type Finding, type Fix, type Severity, analyze, initEngine } from '../../server/src/engine';
import { type FixtureMode, listFixtures } from '../helpers/fixtures';
import { type Subject, describeTally, lineBreakProblems, newTally, subjectProblems } from '../helpers/fix-properties';
import { typedAnalysisOptions } from '../helpers/typed-program';

before(() => initEngine());

test('the checks report each kind of broken fix', () => {
  const at = (line: number, character: number) => ({ line, character });
  const replace = (line: number, from: number, to: number, newText: string) => ({ range: { start: at(line, from), end: at(line, to) }, newText });
  const unsafe = (title: string, ...edits: Fix['edits']): Fix => ({ title, safe: false, edits });
  const fixes = [
    unsafe('fine', replace(0, 0, 1, 'y')),
    unsafe('breaks', replace(0, 0, 1, 'y ='), replace(0, 5, 5, ' (')),
    unsafe('keeps', replace(0, 4, 5, '2')),
    unsafe('outside', replace(3, 0, 0, '# x')),
    unsafe('overlaps', replace(0, 0, 1, 'y'), replace(0, 0, 1, 'z')),
    unsafe('splits', replace(0, 9, 9, '!')),
    // The only safe fix keeps its finding, so fix-all never settles.
    { title: 'loops', safe: true, edits: [replace(0, 0, 0, 'x')] },
  ];
  // One finding on the first `x` for as long as the text holds one.
  const analyse = (text: string): Finding[] =>
    text.includes('x') ? [{ ruleId: 'fake', range: { start: at(0, text.indexOf('x')), end: at(0, text.indexOf('x') + 1) }, message: 'x', severity: 'hint', fixes, related: [] }] : [];
  const problems = subjectProblems({ label: 'probe.py', text: 'x = 1 # 😀\n', language: 'python', fileName: 'probe.py', analyse }, newTally());
  const expected: [string, RegExp][] = [
    ['breaks', /no longer parses/],
    ['keeps', /still reported/],
    ['outside', /outside the document/],
    ['overlaps', /edits overlap/],
    ['splits', /splits a surrogate pair/],
    ['loops', /still reported/],
    ['fix-all', /left safe fixes/],
    ['fix-all', /changed the text again/],
  ];
  for (const [what, message] of expected) {
    assert.ok(problems.some((problem) => problem.includes(what === 'fix-all' ? 'probe.py: ' : `"${what}"`) && message.test(problem)), `no ${message} for ${what}`);
  }
  assert.ok(!problems.some((problem) => problem.includes('"fine"')), 'a sound fix was reported');
});

test('the CRLF check reports a fix that splits a line break and copies its \\r', () => {
  // As tree-sitter sees a line ending in a comment: the token, and so the fix's range, takes in the `\r`.
  const analyse = (text: string): Finding[] => {
    const line = text.split('\n')[0];
    const replaced = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } }, newText: `y${line.slice(1)}` };
    const name = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    return text.startsWith('x') ? [{ ruleId: 'fake', range: name, message: 'x', severity: 'hint', fixes: [{ title: 'rename', safe: true, edits: [replaced] }], related: [] }] : [];
  };
  const problems = lineBreakProblems({ label: 'probe.py', text: 'x = 1  # c\n', language: 'python', fileName: 'probe.py', analyse }, newTally());
  assert.ok(problems.some((problem) => problem.includes('outside the document')));
  assert.ok(problems.some((problem) => problem.includes('fix-all leaves a line break that is not CRLF')));
});

const tally = newTally();

/** Analyses each text once per set of rules: the CRLF check's LF side repeats the other checks. */
function once(analyse: Subject['analyse']): Subject['analyse'] {
  const seen = new Map<ReadonlyMap<string, Severity>, Map<string, Finding[]>>();
  return (text, rules) => {
    const byText = seen.get(rules) ?? new Map<string, Finding[]>();
    seen.set(rules, byText);
    const found = byText.get(text) ?? analyse(text, rules);
    byText.set(text, found);
    return found;
  };
}

for (const fixture of listFixtures()) {
  // `withRules` names rules to enable beside the folder's; here every rule is on anyway.
  const { withRules: _enabledAnyway, ...options } = fixture.options;
  const subjectIn = (mode: FixtureMode): Subject => ({
    label: `${fixture.ruleId}/${fixture.name}`,
    text: fixture.text,
    language: fixture.language,
    fileName: fixture.name,
    analyse: once((text, rules) => {
      // A checker must see the very text analysed, so each version gets its own program.
      const where: AnalyzeOptions = mode === 'typed' ? typedAnalysisOptions(fixture.name, text) : { fileName: fixture.name };
      return analyze(text, fixture.language, { ...options, ...where, rules });
    }),
  });
  test(`${fixture.ruleId}/${fixture.name} (syntactic, LF and CRLF)`, () => {
    const subject = subjectIn('syntactic');
    assert.deepEqual([...subjectProblems(subject, tally), ...lineBreakProblems(subject, tally)], []);
  });
  if (fixture.language !== 'python') {
    test(`${fixture.ruleId}/${fixture.name} (typed)`, () => {
      assert.deepEqual(subjectProblems(subjectIn('typed'), tally), []);
    });
  }
}

test('the fixtures exercised fixes', (t) => {
  t.diagnostic(`fixtures: ${describeTally(tally)}`);
  assert.ok(tally.fixes > 0, 'no fix was checked');
  assert.ok(tally.fixAllPasses > 0, 'fix-all never applied anything');
});
