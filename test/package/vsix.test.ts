// Builds and packages the extension the way `npm run package` does, in a scratch copy of the
// repository (other suites run the bundles in dist/ meanwhile, so this one must not rewrite
// them), and checks the .vsix holds the bundles and none of the sources or dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipEntries } from './zip-entries';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the build and vsce read; CHANGELOG.md is optional. */
const STAGED = [
  'package.json',
  '.vscodeignore',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'tsconfig.json',
  'scripts/build.mjs',
  'client/src',
  'client/media',
  'server/src',
  'snippets',
  'syntaxes',
  'server/schemas',
];

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

function packageInScratchCopy(stage: string): string {
  for (const path of STAGED) {
    if (existsSync(join(root, path))) cpSync(join(root, path), join(stage, path), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const vsix = join(stage, 'awaitwise.vsix');
  run('npm', ['run', 'build'], stage);
  run(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], stage);
  return vsix;
}

test('the .vsix ships the bundles and nothing else from the repository', { timeout: 180_000 }, (t) => {
  const stage = mkdtempSync(join(tmpdir(), 'awaitwise-vsix-'));
  t.after(() => rmSync(stage, { recursive: true, force: true }));
  const entries = zipEntries(packageInScratchCopy(stage));

  for (const required of [
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    // The type checker's standard library: the default lib and what it pulls in.
    'extension/dist/lib.d.ts',
    'extension/dist/lib.es5.d.ts',
    'extension/dist/lib.es2023.d.ts',
    'extension/dist/lib.dom.d.ts',
    'extension/package.json',
    // The activity-bar icon and the walkthrough pages the manifest points to.
    'extension/client/media/awaitwise.svg',
    'extension/client/media/walkthrough/open-file.md',
    // The awaitwise.json schema the manifest contributes.
    'extension/server/schemas/awaitwise.schema.json',
  ]) {
    assert.ok(entries.includes(required), `missing ${required} in:\n${entries.join('\n')}`);
  }
  const has = (pattern: RegExp) => entries.some((entry) => pattern.test(entry));
  assert.ok(has(/^extension\/readme\.md$/i), 'missing README');
  assert.ok(has(/^extension\/license(\.txt|\.md)?$/i), 'missing LICENSE');

  for (const entry of entries.filter((name) => name.startsWith('extension/'))) {
    assert.doesNotMatch(entry, /(^|\/)node_modules\//, entry);
    assert.doesNotMatch(entry, /^extension\/(server\/src|client\/src|test|scripts|docs|examples)\//, entry);
    if (!/^extension\/dist\/lib(\.[\w.]+)?\.d\.ts$/.test(entry)) assert.doesNotMatch(entry, /\.(ts|map)$/, entry);
    // Everything is bundled: apart from top-level files (manifest, README, LICENSE), only dist/
    // and the files the manifest contributes (media, snippets, grammars, the schema).
    assert.ok(
      !entry.slice('extension/'.length).includes('/') || /^extension\/(dist|client\/media|snippets|syntaxes|server\/schemas)\//.test(entry),
      `unexpected ${entry}`,
    );
  }
});
