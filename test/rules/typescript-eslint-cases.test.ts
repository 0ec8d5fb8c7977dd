// Our promise rules against typescript-eslint's no-floating-promises and no-misused-promises
// (default options), case by case, in both analysis modes: with a type checker (the cases'
// `typed` expectation, which is the peer's verdict unless a documented difference says otherwise)
// and from syntax alone (`syntactic`). The cases live in test/fixtures/typescript-eslint/cases.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine';
import type { AnalyzeOptions, Finding, Severity, SourceLanguage } from '../../server/src/engine/types';
import { ruleById } from '../../server/src/rules';
import { cases, type PeerCase } from '../fixtures/typescript-eslint/cases';
import { typedAnalysisOptions } from '../helpers/typed-program';

/** The rules the comparison covers; ids not (yet) in the catalog are left out of both sides. */
const COMPARED = ['floating-promise', 'misused-promise-callback', 'promise-in-condition', 'await-non-thenable'];
const ALLOWED_IN_EXPECTATIONS = new Set(COMPARED);
const rules = new Map<string, Severity>(COMPARED.filter((id) => ruleById.has(id)).map((id) => [id, 'error']));

function languageOf(peerCase: PeerCase): { language: SourceLanguage; fileName: string } {
  return peerCase.jsx ? { language: 'typescriptreact', fileName: 'case.tsx' } : { language: 'typescript', fileName: 'case.ts' };
}

function run(peerCase: PeerCase, mode: 'typed' | 'syntactic'): Finding[] {
  const { language, fileName } = languageOf(peerCase);
  const options: AnalyzeOptions = mode === 'typed' ? { rules, ...typedAnalysisOptions(fileName, peerCase.code) } : { rules, fileName };
  return analyze(peerCase.code, language, options).filter((finding) => rules.has(finding.ruleId));
}

function expected(ids: readonly string[]): string[] {
  return ids.filter((id) => rules.has(id)).sort();
}

function describeFindings(findings: Finding[]): string {
  if (findings.length === 0) return '  (none)';
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}: ${f.message}`).join('\n');
}

function caseTitle(peerCase: PeerCase): string {
  return `${peerCase.peerRule} (${peerCase.peer}): ${peerCase.name}`;
}

for (const mode of ['typed', 'syntactic'] as const) {
  describe(mode === 'typed' ? 'type-aware mode' : 'syntactic mode', () => {
    for (const peerCase of cases) {
      test(caseTitle(peerCase), () => {
        const findings = run(peerCase, mode);
        const got = findings.map((finding) => finding.ruleId).sort();
        const want = expected(peerCase[mode]);
        assert.deepEqual(
          got,
          want,
          `${mode} findings differ for "${peerCase.name}"\ncode:${peerCase.code}\nfound:\n${describeFindings(findings)}\nexpected: [${want.join(', ')}]`,
        );
      });
    }
  });
}

describe('case list', () => {
  test('names are unique within each peer rule', () => {
    const seen = new Set<string>();
    for (const peerCase of cases) {
      const key = `${peerCase.peerRule}\u0000${peerCase.name}`;
      assert.ok(!seen.has(key), `duplicate case name: ${peerCase.name}`);
      seen.add(key);
    }
  });

  test('expectations name only the compared rules', () => {
    for (const peerCase of cases) {
      for (const id of [...peerCase.typed, ...peerCase.syntactic]) {
        assert.ok(ALLOWED_IN_EXPECTATIONS.has(id), `"${peerCase.name}" expects unknown rule id ${id}`);
      }
    }
  });

  test('every type-aware verdict that departs from typescript-eslint says why', () => {
    const unexplained = cases.filter((peerCase) => {
      const disagrees = peerCase.peer === 'invalid' ? peerCase.typed.length === 0 : peerCase.typed.length > 0;
      return disagrees && !peerCase.difference?.trim();
    });
    assert.deepEqual(
      unexplained.map(caseTitle),
      [],
      'these cases differ from typescript-eslint without a `difference` entry',
    );
  });
});
