// The built bundles (dist/*.js) load no code they do not name: every `require`, `import()`,
// `createRequire`, `eval`, `Function`, `vm` call and worker start whose target is computed at
// run time is found by parsing the bundles, and each must be one audited below, with the
// reason it cannot load workspace code. A new one (a dependency upgrade, a new feature) fails
// the test until it is audited; an audited one that disappears fails it too, so the list stays
// exact. Literal targets (`require("fs")`, `import("module")`) name themselves and pass.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../cli/harness';

const DIST = join(REPO_ROOT, 'dist');

type Kind = 'require' | 'import()' | 'eval' | 'worker' | 'native';

interface Audited {
  kind: Kind;
  /** The call as the bundle spells it (whitespace collapsed), or a pattern for one whose names esbuild may renumber. */
  call: string | RegExp;
  /** The innermost named function around it; unchecked when the function is anonymous. */
  within?: string;
  reason: string;
}

const AUDITED: readonly Audited[] = [
  {
    kind: 'require',
    call: 'require(modulePath)',
    within: 'require',
    reason:
      "TypeScript's ts.sys.require, which only tsserver calls (language-service plugins, the typings installer). The server " +
      'builds its language services itself (workspace/typescript-projects.ts), never calls it, and strips `plugins` from every config.',
  },
  {
    kind: 'require',
    call: 'host.require(resolvedPath, pluginConfigEntry.name)',
    within: 'importServicePluginSync',
    reason: "tsserver's Project loading a plugin: no tsserver ProjectService or Project is ever created.",
  },
  {
    kind: 'require',
    call: 'createRequire(importMetaUrl)',
    reason:
      "web-tree-sitter's Emscripten glue makes a require for Node's built-in modules (fs, path), rooted at the bundle " +
      'itself: importMetaUrl is the URL of the running bundle (scripts/build.mjs).',
  },
  {
    kind: 'eval',
    call: 'eval(func)',
    within: 'addEmAsm',
    reason:
      'Emscripten runs the EM_ASM JavaScript embedded in the wasm module it loads; the only modules loaded are ' +
      'tree-sitter.wasm and tree-sitter-python.wasm from beside the bundle (engine/python/parser.ts).',
  },
  {
    kind: 'eval',
    call: 'eval(func)',
    within: 'addEmJs',
    reason: 'As addEmAsm, for EM_JS functions embedded in the same wasm modules.',
  },
  {
    kind: 'worker',
    call: /^new (\w+\.)?Worker\(this\.options\.workerScript \?\? \(0, \w+\.join\)\(__dirname, "worker\.js"\),/,
    within: 'spawn',
    reason: "The CLI's analysis pool starts dist/worker.js beside the running bundle; workerScript is set by tests only.",
  },
];

interface Found {
  kind: Kind;
  call: string;
  within: string;
  where: string;
}

function isLiteral(node: ts.Node | undefined): boolean {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

/** The name a call is made by: `require` for `require(...)` and `host.require(...)`. */
function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** What kind of code loading a call or `new` is, when its target is not a literal. */
function loadingKind(node: ts.CallExpression | ts.NewExpression): Kind | undefined {
  const target = node.arguments?.[0];
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return isLiteral(target) ? undefined : 'import()';
  const name = calleeName(node.expression);
  if (name === undefined) return undefined;
  if (['require', '__require', 'createRequire'].includes(name)) return isLiteral(target) ? undefined : 'require';
  if (ts.isIdentifier(node.expression) && (name === 'eval' || name === 'Function')) return 'eval';
  if (ts.isPropertyAccessExpression(node.expression) && ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction'].includes(name)) return 'eval';
  if (ts.isNewExpression(node) && name === 'Script') return 'eval';
  if (ts.isNewExpression(node) && name === 'Worker') return isLiteral(target) ? undefined : 'worker';
  if (name === 'dlopen') return 'native';
  return undefined;
}

function functionName(node: ts.Node, source: ts.SourceFile): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  if (!name) return undefined;
  return ts.isIdentifier(name) ? name.text : name.getText(source);
}

/** Every code-loading call with a computed target in a bundle. */
function scan(file: string): Found[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: Found[] = [];
  const visit = (node: ts.Node, within: string): void => {
    const inner = (ts.isFunctionLike(node) && functionName(node, source)) || within;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const kind = loadingKind(node);
      if (kind) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ kind, call: node.getText(source).replace(/\s+/g, ' '), within: inner, where: `${file}:${line + 1}` });
      }
    }
    ts.forEachChild(node, (child) => {
      // `name: (...) => {...}` and `const name = function () {...}` are named by what holds them.
      const holder = ts.isPropertyAssignment(node) || ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node);
      const named = holder && child === node.initializer && (ts.isArrowFunction(child) || ts.isFunctionExpression(child)) && !child.name;
      visit(child, named ? (functionName(node, source) ?? inner) : inner);
    });
  };
  visit(source, '');
  return found;
}

function matches(audited: Audited, found: Found): boolean {
  if (audited.kind !== found.kind) return false;
  if (audited.within !== undefined && audited.within !== found.within) return false;
  return typeof audited.call === 'string' ? found.call === audited.call : audited.call.test(found.call);
}

test('every code-loading call with a computed target in the bundles is audited, and every audited one is still there', () => {
  const bundles = readdirSync(DIST).filter((name) => name.endsWith('.js'));
  assert.deepEqual(
    ['cli.js', 'extension.js', 'server.js', 'worker.js'].filter((name) => !bundles.includes(name)),
    [],
    'run `npm run build` first',
  );
  const found = bundles.flatMap((name) => scan(join(DIST, name)));
  const unaudited = found.filter((call) => !AUDITED.some((audited) => matches(audited, call)));
  assert.deepEqual(
    unaudited.map((call) => `${call.kind} ${call.call.slice(0, 160)} (in ${call.within || 'top level'}, ${call.where})`),
    [],
    'audit these: can their target ever be a workspace file?',
  );
  const gone = AUDITED.filter((audited) => !found.some((call) => matches(audited, call)));
  assert.deepEqual(gone.map((audited) => String(audited.call)), [], 'no longer in any bundle: remove them from the audit');
  // The extension host runs none of them: it starts the server and talks to it.
  assert.deepEqual(found.filter((call) => call.where.includes('extension.js:')), []);
});
