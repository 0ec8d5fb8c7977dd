// The generated docs (rule pages, their index, the README table, the `awaitwise.rules` schema in
// package.json, the awaitwise.json schema) must match the catalog, and the generator must notice
// when they do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogMeta } from '../../server/src/rules';
import { CONFIG_SCHEMA_PATH } from '../../scripts/docs/config-schema';
import { replaceBetweenMarkers, RULES_END, RULES_START } from '../../scripts/docs/markers';
import { applyPlan, outdatedPaths, planDocs } from '../../scripts/docs/plan';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('committed docs are up to date (npm run docs -- --check)', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-docs.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});

function scratchRepository(readme: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'awaitwise-docs-'));
  writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
  if (readme !== undefined) writeFileSync(join(dir, 'README.md'), readme);
  return dir;
}

test('the generator writes every page, then finds nothing to do', (t) => {
  const dir = scratchRepository(`# Title\n\n${RULES_START}\n${RULES_END}\n\nMore text.\n`);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const written = applyPlan(planDocs(dir, catalogMeta), dir);
  for (const rule of catalogMeta) assert.ok(written.includes(`docs/rules/${rule.id}.md`), rule.id);
  assert.ok(written.includes('README.md'));
  assert.ok(written.includes(CONFIG_SCHEMA_PATH));
  assert.deepEqual(outdatedPaths(planDocs(dir, catalogMeta), dir), []);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  assert.ok(readme.startsWith('# Title\n\n') && readme.endsWith(`${RULES_END}\n\nMore text.\n`), 'text around the markers is kept');
});

test('a hand-edited page, stale schemas and a page without a rule are reported', (t) => {
  const dir = scratchRepository(undefined);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  applyPlan(planDocs(dir, catalogMeta), dir);
  const page = `docs/rules/${catalogMeta[0]!.id}.md`;
  writeFileSync(join(dir, page), 'edited by hand\n');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifest.contributes.configuration.properties['awaitwise.rules'].properties = {};
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const schema = JSON.parse(readFileSync(join(dir, CONFIG_SCHEMA_PATH), 'utf8'));
  schema.definitions.ruleName.anyOf[0].enum.pop();
  writeFileSync(join(dir, CONFIG_SCHEMA_PATH), `${JSON.stringify(schema, null, 2)}\n`);
  mkdirSync(join(dir, 'docs/rules'), { recursive: true });
  writeFileSync(join(dir, 'docs/rules/retired-rule.md'), '# retired-rule\n');

  const plan = planDocs(dir, catalogMeta);
  assert.deepEqual(outdatedPaths(plan, dir).sort(), ['docs/rules/retired-rule.md', 'package.json', CONFIG_SCHEMA_PATH, page].sort());
  applyPlan(plan, dir);
  assert.deepEqual(outdatedPaths(planDocs(dir, catalogMeta), dir), []);
});

test('a README without markers is left alone and reported', (t) => {
  const dir = scratchRepository('# No table here\n');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = planDocs(dir, catalogMeta);
  assert.ok(!plan.files.has('README.md'));
  assert.match(plan.skipped.join('\n'), /README\.md: no .* markers/);
});

test('regenerating package.json changes only the generated schema', () => {
  const manifest = readFileSync(join(root, 'package.json'), 'utf8');
  const regenerated = planDocs(root, catalogMeta).files.get('package.json')!;
  const strip = (text: string) => {
    const parsed = JSON.parse(text);
    delete parsed.contributes.configuration.properties['awaitwise.rules'].properties;
    delete parsed.contributes.configuration.properties['awaitwise.rules'].additionalProperties;
    return parsed;
  };
  assert.deepEqual(strip(regenerated), strip(manifest));
  assert.ok(regenerated.endsWith('}\n') && regenerated.includes('\n  "name": "awaitwise",'), 'two-space JSON with a final newline');
});

test('markers must appear in order', () => {
  assert.equal(replaceBetweenMarkers(`${RULES_END}\n${RULES_START}\n`, 'table'), undefined);
  assert.equal(replaceBetweenMarkers(`a\n${RULES_START}\nold\n${RULES_END}\nb`, 'new'), `a\n${RULES_START}\nnew\n${RULES_END}\nb`);
});
