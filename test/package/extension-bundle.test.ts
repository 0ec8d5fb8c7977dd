// The extension bundle takes only pure modules from the server's sources (languages, protocol
// types, the checklist's Markdown): the analysis engine, the rules, the parsers and the
// TypeScript compiler belong to the server bundle. One stray import pulls all of them into
// every extension host at activation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

const SERVER_ONLY = [/^node_modules\/typescript\//, /^node_modules\/web-tree-sitter\//, /^node_modules\/vscode-languageserver\//, /^server\/src\/rules\//, /^server\/src\/engine\/(python|typescript)\//];

test('the extension bundle leaves the analysis engine to the server', async () => {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['client/src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const importers = new Map<string, string>();
  for (const [path, input] of Object.entries(inputs)) for (const imported of input.imports) importers.set(imported.path, path);
  const chain = (path: string): string => {
    const steps = [path];
    for (let step = importers.get(path); step && steps.length < 12; step = importers.get(step)) steps.push(step);
    return steps.join(' <- ');
  };
  const stray = Object.keys(inputs).filter((path) => SERVER_ONLY.some((pattern) => pattern.test(path)));
  assert.deepEqual(stray.slice(0, 1).map(chain), [], `${stray.length} server-only modules in the extension bundle`);
});
