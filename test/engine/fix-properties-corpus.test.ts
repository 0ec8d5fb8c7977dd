// The fix properties of test/helpers/fix-properties.ts on real code, syntactic mode, every rule
// on: the Python standard library of this machine's python3 and the TS/JS of the installed
// packages. Only files that could hold a fixable finding are analysed, in a fixed pseudo-random
// order, until a time budget runs out; the report says how far each corpus got.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { type Dirent, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { type Severity, analyze, initEngine } from '../../server/src/engine';
import { languageForPath } from '../../server/src/engine/languages';
import { describeTally, newTally, subjectProblems } from '../helpers/fix-properties';

/**
 * Substrings without which no fixable rule can report, per language: fixable findings sit in
 * async functions, on calls of an async library or of promises, or on a suppression comment.
 */
const MAY_HAVE_FIXES: Record<'python' | 'script', RegExp> = {
  python: /async def|await|asyncio|trio|anyio|awaitwise|noqa/,
  script: /async|await|Promise|promises|\.then\(|fetch\(|awaitwise|eslint-disable-next-line/,
};

/**
 * Wall-clock budget of each corpus test; files past it are left out and the report says so.
 * It runs on until some fix has been checked, however slow the machine, so that the test never
 * passes on nothing. FIX_CORPUS_BUDGET_MS raises it to check a whole corpus.
 */
const CORPUS_BUDGET_MS = Number(process.env.FIX_CORPUS_BUDGET_MS ?? 25_000);
/** Larger files are mostly bundles and generated code, slow to analyse and fix one fix at a time. */
const MAX_SCRIPT_FILE_BYTES = 200_000;

before(() => initEngine());

/** Source files under `root`, walked without following links, skipping the named folders. */
function sourceFiles(root: string, skipFolders: ReadonlySet<string>, accept: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skipFolders.has(entry.name)) walk(path);
      } else if (entry.isFile() && accept(path)) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found;
}

/** FNV-1a: a fixed pseudo-random order, so a budget that stops early still samples every package. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return value;
}

function checkCorpus(t: TestContext, name: string, root: string, files: readonly string[]): void {
  const tally = newTally();
  const problems: string[] = [];
  const started = Date.now();
  const ordered = files.map((path) => ({ path, key: hash(relative(root, path)) })).sort((a, b) => a.key - b.key || (a.path < b.path ? -1 : 1));
  let candidates = 0;
  let read = 0;
  for (const { path } of ordered) {
    if (Date.now() - started > CORPUS_BUDGET_MS && tally.fixes > 0) break;
    read++;
    const language = languageForPath(path);
    const text = readFileSync(path, 'utf8');
    if (!language || !MAY_HAVE_FIXES[language === 'python' ? 'python' : 'script'].test(text)) continue;
    candidates++;
    const fileName = basename(path);
    const analyse = (version: string, rules: ReadonlyMap<string, Severity>) => analyze(version, language, { fileName, rules });
    problems.push(...subjectProblems({ label: relative(root, path), text, language, fileName, analyse }, tally));
  }
  const coverage = read === files.length ? `all ${files.length} files read` : `time budget reached after ${read} of ${files.length} files`;
  t.diagnostic(`${name} (${root}): ${coverage}, ${candidates} analysed: ${describeTally(tally)}; ${Date.now() - started} ms`);
  assert.deepEqual(problems, []);
  assert.ok(tally.fixes > 0, `no fix was checked in ${name}`);
}

function pythonStdlib(): string | undefined {
  try {
    return execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

test('fixes on the Python standard library', (t) => {
  const stdlib = pythonStdlib();
  if (stdlib === undefined) {
    // CI installs python3: there, a missing interpreter is a broken setup, not a reason to skip.
    assert.ok(!process.env.CI, 'python3 is required on CI for the standard-library corpus');
    t.skip('python3 is not installed, so there is no standard library to check');
    return;
  }
  // Third-party packages installed beside the standard library are not part of it.
  const files = sourceFiles(stdlib, new Set(['site-packages', 'dist-packages', '__pycache__']), (path) => path.endsWith('.py'));
  checkCorpus(t, 'Python standard library', stdlib, files);
});

test('fixes on the TS/JS of installed packages', (t) => {
  const root = join(__dirname, '..', '..', 'node_modules');
  const isScript = (path: string) => ![undefined, 'python'].includes(languageForPath(path));
  const files = sourceFiles(root, new Set(), (path) => isScript(path) && statSync(path).size <= MAX_SCRIPT_FILE_BYTES);
  checkCorpus(t, 'installed packages', root, files);
});
