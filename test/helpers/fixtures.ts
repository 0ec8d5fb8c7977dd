// Reads rule fixtures: source files whose lines carry `expect: rule-id` comments naming the
// findings that must start on them (`# expect: x` in Python, `// expect: x` or `{/* expect: x */}`
// in TS/JS). Missing and extra findings both fail, as in flake8-async's fixture tests. TS/JS
// fixtures run with and without a type checker: `expect:` holds in both modes, `expect-typed:`
// names what only type-aware mode finds, and `expect-untyped:` a guess by name that types settle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../../server/src/engine/languages';
import type { Finding, SourceLanguage } from '../../server/src/engine/types';

export const FIXTURE_ROOT = join(__dirname, '..', 'fixtures', 'rules');

/** Analysis options a rule folder's `options.json` sets for all its fixtures (JSON-shaped ones). */
export interface FixtureOptions {
  blockingCalls?: string[];
  startableFunctions?: string[];
  pythonVersion?: { major: number; minor: number };
  safeCalls?: string[];
  /**
   * Other rules enabled beside the folder's rule, for a rule that judges their findings
   * (`unused-suppression`). Only the folder's rule's findings are compared and fixed.
   */
  withRules?: string[];
}

/** Syntactic analysis, or type-aware analysis with a checker (TS/JS only). */
export type FixtureMode = 'syntactic' | 'typed';

export interface Fixture {
  ruleId: string;
  options: FixtureOptions;
  path: string;
  name: string;
  kind: 'flagged' | 'clean';
  language: SourceLanguage;
  text: string;
}

const EXPECT = /(?:#|\/\/|\/\*)\s*expect(?:-(typed|untyped))?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

/** The analysis options a rule's fixture folder sets (`options.json`), or none. */
export function fixtureOptions(ruleId: string): FixtureOptions {
  const optionsPath = join(FIXTURE_ROOT, ruleId, 'options.json');
  return existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as FixtureOptions) : {};
}

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const ruleId of readdirSync(FIXTURE_ROOT).sort()) {
    const options = fixtureOptions(ruleId);
    for (const name of readdirSync(join(FIXTURE_ROOT, ruleId)).sort()) {
      const language = languageForPath(name);
      if (!language || name.includes('.fixed.')) continue;
      const kind = name.startsWith('flagged') ? 'flagged' : name.startsWith('clean') ? 'clean' : undefined;
      if (!kind) throw new Error(`fixture ${ruleId}/${name} must start with "flagged" or "clean"`);
      const path = join(FIXTURE_ROOT, ruleId, name);
      fixtures.push({ ruleId, options, path, name, kind, language, text: readFileSync(path, 'utf8') });
    }
  }
  return fixtures;
}

/** `line:rule` keys (1-based lines) the fixture's comments expect in a mode. */
export function expectedKeys(text: string, mode: FixtureMode = 'syntactic'): string[] {
  const keys: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = EXPECT.exec(line);
    if (!match || (match[1] === 'typed' && mode !== 'typed') || (match[1] === 'untyped' && mode !== 'syntactic')) return;
    for (const rule of match[2].split(',')) keys.push(`${index + 1}:${rule.trim()}`);
  });
  return keys.sort();
}

export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.range.start.line + 1}:${finding.ruleId}`).sort();
}

/** The path of a fixture's expected output after fixes. */
export function fixedPath(fixture: Fixture): string {
  const dot = fixture.path.lastIndexOf('.');
  return `${fixture.path.slice(0, dot)}.fixed${fixture.path.slice(dot)}`;
}
