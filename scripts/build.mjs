// Bundles the extension, the language server, the CLI and the analysis worker with esbuild,
// and copies the tree-sitter wasm files (the Python front end loads them at run time) and
// TypeScript's standard library declarations (the type checker reads them) next to them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const outdir = 'dist';

// web-tree-sitter locates itself with `import.meta.url`, which a CommonJS bundle lacks;
// give it the bundle's own URL.
const importMetaUrl = "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

const common = {
  bundle: true,
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: importMetaUrl },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'], outdir },
  { ...common, entryPoints: { server: 'server/src/server/main.ts' }, outdir },
  { ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir, banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  // The analysis pool's worker threads, which the CLI and the language server start.
  { ...common, entryPoints: { worker: 'server/src/workers/worker.ts' }, outdir },
];

function copyWasm() {
  mkdirSync(outdir, { recursive: true });
  copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), join(outdir, 'tree-sitter.wasm'));
  copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(outdir, 'tree-sitter-python.wasm'));
}

/** The bundled compiler looks for `lib.*.d.ts` beside the bundle that runs it. */
function copyTypeScriptLibs() {
  const libDir = dirname(require.resolve('typescript'));
  for (const name of readdirSync(libDir)) {
    if (/^lib(\..+)?\.d\.ts$/.test(name)) copyFileSync(join(libDir, name), join(outdir, name));
  }
}

copyWasm();
copyTypeScriptLibs();
if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync(join(outdir, 'cli.js'), 0o755);
}
