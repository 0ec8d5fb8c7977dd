// Analysis never runs workspace code. The workspace here is full of traps that leave a marker
// file behind if anything loads or runs them: a TypeScript language-service plugin its
// tsconfig.json names, a `typescript` package of its own (the product must use the compiler it
// bundles), config files other tools execute (.eslintrc.js, awaitwise.config.js...) and Python
// files pytest and setuptools run (conftest.py, setup.py). The CLI and the language server
// analyse it with type-aware mode on, and no marker may appear; the recorder also sees every
// CommonJS load, and none may come from outside the product's dist folder.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Diagnostic, WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { parseReport, ruleLines, runCli } from '../cli/harness';
import { LspTestClient } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';
import { disposeAfterTests } from '../helpers/workspace-server';
import { describeCalls, recordOutboundCalls } from './recording';

const recorded = recordOutboundCalls();
const markers = tempTree({});

/** JavaScript that leaves the marker `name` behind when run. */
const jsTrap = (name: string): string => `require('node:fs').writeFileSync(${JSON.stringify(join(markers, name))}, 'ran');\nmodule.exports = {};\n`;
/** Python that leaves the marker `name` behind when run. */
const pyTrap = (name: string): string => `open(${JSON.stringify(join(markers, name))}, "w").write("ran")\n`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    allowJs: true,
    types: [],
    plugins: [{ name: 'evil-plugin' }, { name: 'typescript' }],
  },
  include: ['src'],
};

function trappedWorkspace(): string {
  return tempTree({
    'tsconfig.json': JSON.stringify(TSCONFIG),
    'node_modules/evil-plugin/package.json': JSON.stringify({ name: 'evil-plugin', version: '1.0.0', main: 'index.js' }),
    'node_modules/evil-plugin/index.js': jsTrap('evil-plugin'),
    'node_modules/typescript/package.json': JSON.stringify({ name: 'typescript', version: '9.9.9', main: 'lib/typescript.js', types: 'lib/typescript.d.ts' }),
    'node_modules/typescript/lib/typescript.js': jsTrap('workspace-typescript'),
    'node_modules/typescript/lib/tsserverlibrary.js': jsTrap('workspace-tsserverlibrary'),
    'node_modules/typescript/lib/typescript.d.ts': 'export declare const version: string;\n',
    '.eslintrc.js': jsTrap('eslintrc'),
    'eslint.config.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(markers, 'eslint-config'))}, 'ran');\nexport default [];\n`,
    'awaitwise.config.js': jsTrap('awaitwise-config'),
    'vite.config.ts': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(markers, 'vite-config'))}, 'ran');\nexport default {};\n`,
    'conftest.py': pyTrap('conftest'),
    'setup.py': pyTrap('setup'),
    'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[tool.awaitwise]\nselect = ["all"]\n',
    // `load` returns a promise only its inferred type reveals: a finding there proves the type checker ran.
    'src/store.ts': 'export function load() {\n  return Promise.resolve(1);\n}\n',
    'src/main.ts': "import evil from 'evil-plugin';\nimport ts from 'typescript';\nimport { load } from './store';\n\nexport function start(): void {\n  load();\n  console.log(evil, ts.version);\n}\n",
    'app/main.py': 'import conftest\nimport setup\nimport time\n\nasync def main():\n    time.sleep(1)\n',
  });
}

function assertNothingRan(): void {
  assert.deepEqual(readdirSync(markers), [], 'a workspace file was run');
  const loads = recorded().filter((call) => call.api === 'require');
  assert.deepEqual(loads, [], `modules loaded from outside dist/:\n${describeCalls(loads)}`);
}

test('awaitwise check and checklist with type-aware mode on load and run nothing from the workspace', () => {
  const root = trappedWorkspace();
  const run = runCli(['check', '--type-aware', 'on', '--no-cache', '--format', 'json'], { cwd: root });
  assert.equal(run.stderr, '');
  const findings = ruleLines(parseReport(run));
  assert.ok(findings.includes('floating-promise src/main.ts:6'), `the type checker ran: ${findings.join(', ')}`);
  assert.ok(findings.includes('blocking-sleep app/main.py:6'), `Python was analysed: ${findings.join(', ')}`);
  const checklist = runCli(['checklist', '--type-aware', 'on', '--no-cache', '--format', 'json'], { cwd: root });
  assert.equal(checklist.stderr, '');
  assert.ok(JSON.parse(checklist.stdout).sections.length > 0);
  assertNothingRan();
  assert.ok(existsSync(join(root, 'node_modules', 'evil-plugin', 'index.js')), 'the trap was there to be run');
});

test('the language server with type-aware mode on and workspace scope loads and runs nothing from the workspace', async () => {
  const root = trappedWorkspace();
  const uri = (path: string) => pathToFileURL(join(root, path)).href;
  const client = disposeAfterTests(
    await LspTestClient.start({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'trapped' }], settings: { scope: 'workspace', typescript: { typeAware: 'on' } } }),
  );
  const files: [string, string][] = [
    ['src/main.ts', 'typescript'],
    ['vite.config.ts', 'typescript'],
    ['.eslintrc.js', 'javascript'],
    ['conftest.py', 'python'],
    ['app/main.py', 'python'],
  ];
  const found: Record<string, string[]> = {};
  for (const [path, languageId] of files) {
    await client.open(uri(path), languageId, readFileSync(join(root, path), 'utf8'));
    found[path] = (await client.diagnostics(uri(path))).map((diagnostic: Diagnostic) => `${diagnostic.range.start.line + 1}:${String(diagnostic.code)}`);
  }
  assert.ok(found['src/main.ts']!.includes('6:floating-promise'), `the type checker ran: ${found['src/main.ts']!.join(', ')}`);
  await client.hover(uri('src/main.ts'), { line: 5, character: 3 });
  const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
  assert.ok(report.items.some((item) => item.uri === uri('src/store.ts')), 'the workspace pass covered the files that are not open');
  assert.equal(await client.shutdown(), 0);
  assertNothingRan();
});
