// Every rule's documentation runs: its "bad" example must trigger the rule and its "good"
// example must not, in each language family it documents. Docs that drift from the
// detector fail here. TS/JS examples run with a type checker too; rules that need one run
// only with it.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import { catalog } from '../../server/src/rules';
import { fixtureOptions } from '../helpers/fixtures';
import { syntaxErrors } from '../helpers/parse-check';
import { typedAnalysisOptions } from '../helpers/typed-program';

before(() => initEngine());

for (const { meta } of catalog) {
  for (const family of ['python', 'typescript'] as const) {
    const example = meta.docs.examples[family];
    if (!example) continue;
    const modes = family === 'python' ? ['syntactic'] : meta.requiresTypes ? ['typed'] : ['syntactic', 'typed'];
    for (const mode of modes) test(`${meta.id}: the ${family} example is right (${mode})`, () => {
      const options = { ...fixtureOptions(meta.id), rules: new Map([[meta.id, meta.severity]]) };
      const where = (text: string) => (mode === 'typed' ? typedAnalysisOptions('example.ts', text) : {});
      const hits = (text: string) => analyze(text, family, { ...options, ...where(text) }).filter((finding) => finding.ruleId === meta.id).length;
      assert.equal(syntaxErrors(example.bad, family), 0, 'the bad example must parse');
      assert.equal(syntaxErrors(example.good, family), 0, 'the good example must parse');
      assert.ok(hits(example.bad) > 0, 'the bad example must trigger the rule');
      assert.equal(hits(example.good), 0, 'the good example must not trigger the rule');
    });
  }
}
