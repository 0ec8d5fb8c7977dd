// Cross-file knowledge of promise-returning TS/JS functions without a type checker: every import
// form, re-exports through barrels, `.js` specifiers naming `.ts` sources, CommonJS exports, and
// shadowing and ambiguity resolved towards silence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceDocument, ScriptProjectIndex, analyze, analyzeDocument, summarizeScript, type SourceLanguage } from '../../server/src/engine';
import { candidatePaths } from '../../server/src/engine/typescript/module-paths';
import { indexScriptText } from '../../server/src/workspace/script-index';

const RULES = new Map([
  ['floating-promise', 'error'],
  ['misused-promise-callback', 'error'],
  ['promise-in-condition', 'error'],
] as const);

const STORE = `
export async function save(record: unknown) {}
export function validate(record: unknown) { return record; }
export function load(id: string): Promise<unknown> { return fetch(id); }
export const remove = async (id: string) => {};
export default async function flush() {}
export class Store {
  static async open() {}
  static create() {}
}
`;

function indexOf(files: Record<string, string>): ScriptProjectIndex {
  const index = new ScriptProjectIndex();
  for (const [path, text] of Object.entries(files)) indexScriptText(index, path, text);
  return index;
}

function languageOf(path: string): SourceLanguage {
  return /\.[mc]?jsx?$/.test(path) ? 'javascript' : 'typescript';
}

/** `line rule` for each finding, 0-based lines. */
function linted(text: string, projectPath: string, scriptProject: ScriptProjectIndex): string[] {
  return analyze(text, languageOf(projectPath), { scriptProject, projectPath, fileName: projectPath, rules: RULES }).map(
    (finding) => `${finding.range.start.line} ${finding.ruleId}`,
  );
}

function floating(lines: number[]): string[] {
  return lines.map((line) => `${line} floating-promise`);
}

test('named, renamed, default and namespace imports of promise functions are known', () => {
  const project = indexOf({ 'src/store.ts': STORE });
  const caller = `
import flushAll, { save, validate, load as fetchOne, remove, Store } from './store';
import * as store from './store';

async function handle(record: unknown) {
  save(record);
  validate(record);
  fetchOne('1');
  remove('1');
  flushAll();
  store.save(record);
  store.validate(record);
  Store.open();
  Store.create();
  store.Store.open();
}
`;
  assert.deepEqual(linted(caller, 'src/api.ts', project), floating([5, 7, 8, 9, 10, 12, 14]));
});

test('the message names the callee as written', () => {
  const project = indexOf({ 'src/store.ts': STORE });
  const [finding] = analyze("import * as store from './store';\nasync function f() {\n  store.save(1);\n}\n", 'typescript', {
    scriptProject: project,
    projectPath: 'src/api.ts',
    rules: RULES,
  });
  assert.equal(finding.message, "'store.save()' returns a promise that is neither awaited nor handled");
});

test('require() bindings resolve like imports, and CommonJS exports are read', () => {
  const project = indexOf({
    'lib/db.js': [
      'async function query(sql) {}',
      'function escape(value) { return value; }',
      'module.exports = { query, escape, async close() {}, open: async () => {} };',
    ].join('\n'),
    'lib/jobs.js': 'exports.run = async function () {};\nmodule.exports.stop = function () {};\n',
  });
  const caller = `
const db = require('./lib/db');
const { query, escape } = require('./lib/db');
const { run: start, stop } = require('./lib/jobs');

async function main() {
  db.query('x');
  db.close();
  db.open();
  db.escape('x');
  query('x');
  escape('x');
  start();
  stop();
}
`;
  assert.deepEqual(linted(caller, 'main.js', project), floating([6, 7, 8, 10, 12]));
});

test("a default export's members are reached through the default import's name", () => {
  const project = indexOf({
    'store.ts': 'export default class Store {\n  static async open() {}\n}\n',
    'legacy.ts': 'class Legacy {\n  static async open() {}\n}\nexport = Legacy;\n',
    'api.js': 'module.exports = { async get() {} };\n',
  });
  const caller = `
import Store from './store';
import Legacy = require('./legacy');
import api from './api.js';

async function f() {
  Store.open();
  Legacy.open();
  api.get();
}
`;
  assert.deepEqual(linted(caller, 'main.ts', project), floating([6, 7, 8]));
});

test('relative specifiers resolve from the importing file: parent folders, index files, extensions', () => {
  const project = indexOf({ 'src/lib/store/index.ts': STORE, 'src/lib/jobs.mts': 'export async function run() {}\n' });
  const caller = `
import { save } from '../lib/store';
import { save as again } from '../lib/store/index.js';
import { run } from '../lib/jobs.mjs';

async function handle() {
  save(1);
  again(1);
  run();
}
`;
  assert.deepEqual(linted(caller, 'src/app/api.ts', project), floating([6, 7, 8]));
  assert.deepEqual(linted(caller, 'api.ts', project), [], 'from the root, ../lib climbs out of the project');
});

test('a `.js` specifier names the `.ts` source beside it, and the `.ts` file wins over a `.js` one', () => {
  const project = indexOf({
    'src/store.ts': STORE,
    'src/store.js': 'export function save() {}\n',
    'src/legacy.js': 'export async function save() {}\n',
  });
  const caller = "import { save } from './store.js';\nimport { save as old } from './legacy.js';\nasync function f() {\n  save(1);\n  old();\n}\n";
  assert.deepEqual(linted(caller, 'src/api.ts', project), floating([3, 4]));
  // Extensionless, `./store` is store.ts too; a sync store.ts hides an async store.js.
  const sync = indexOf({ 'src/store.ts': 'export function save() {}\n', 'src/store.js': 'export async function save() {}\n' });
  assert.deepEqual(linted("import { save } from './store';\nasync function f() {\n  save(1);\n}\n", 'src/api.ts', sync), []);
});

test('a file without async or Promise still takes part in resolution', () => {
  // store.ts is never parsed, yet it is the file `./store` names: store/index.ts must not answer.
  const project = indexOf({ 'src/store.ts': 'export function save() {}\n', 'src/store/index.ts': 'export async function save() {}\n' });
  assert.deepEqual(linted("import { save } from './store';\nasync function f() {\n  save(1);\n}\n", 'src/api.ts', project), []);
});

test('barrels: export *, export { } from, export * as, and re-exported imports are followed', () => {
  const project = indexOf({
    'src/store.ts': STORE,
    'src/index.ts': [
      "export * from './store';",
      "export { remove as drop, default as flush } from './store';",
      "export * as stores from './store';",
      "import { load } from './store';",
      'export { load as fetchRecord };',
    ].join('\n'),
  });
  const caller = `
import { save, validate, drop, flush, stores, fetchRecord } from '.';

async function handle() {
  save(1);
  validate(1);
  drop('1');
  flush();
  stores.save(1);
  fetchRecord('1');
}
`;
  assert.deepEqual(linted(caller, 'src/api.ts', project), floating([4, 6, 7, 8, 9]));
});

test('export * does not pass on default, names declared in the barrel hide it, and conflicting stars are unknown', () => {
  const project = indexOf({
    'a.ts': 'export async function save() {}\nexport default async function run() {}\n',
    'b.ts': 'export function save() {}\nexport async function only() {}\n',
    'one.ts': "export * from './a';\n",
    'hidden.ts': "export * from './a';\nexport function save() {}\n",
    'both.ts': "export * from './a';\nexport * from './b';\n",
  });
  const call = (from: string, name: string): string => `import { ${name} } from '${from}';\nasync function f() {\n  ${name}();\n}\n`;
  assert.deepEqual(linted(call('./one', 'save'), 'api.ts', project), floating([2]));
  assert.deepEqual(linted("import run from './one';\nasync function f() {\n  run();\n}\n", 'api.ts', project), [], 'no default through *');
  assert.deepEqual(linted(call('./hidden', 'save'), 'api.ts', project), []);
  assert.deepEqual(linted(call('./both', 'save'), 'api.ts', project), [], 'a.ts and b.ts disagree');
  assert.deepEqual(linted(call('./both', 'only'), 'api.ts', project), floating([2]));
});

test('re-export cycles end', () => {
  const project = indexOf({ 'a.ts': "export * from './b';\nexport { save } from './b';\n", 'b.ts': "export * from './a';\nexport { save } from './a';\n" });
  assert.deepEqual(linted("import { save } from './a';\nasync function f() {\n  save();\n}\n", 'api.ts', project), []);
});

test('parameters and locals that shadow an import are not the imported function', () => {
  const project = indexOf({ 'src/store.ts': STORE });
  const caller = `
import { save } from './store';
import * as store from './store';

async function a(save: (x: number) => void) {
  save(1);
}
async function b() {
  const store = { save(x: number) {} };
  store.save(1);
}
async function c() {
  save(1);
}
`;
  assert.deepEqual(linted(caller, 'src/api.ts', project), floating([12]));
});

test('callbacks, conditions and .map arrays see imported promise functions', () => {
  const project = indexOf({ 'src/store.ts': STORE });
  const caller = `
import { save, validate } from './store';
import * as store from './store';

function run(records: number[]) {
  records.forEach(save);
  records.forEach(store.save);
  records.forEach(validate);
  if (save(1)) {}
}
`;
  assert.deepEqual(linted(caller, 'src/api.ts', project), ['5 misused-promise-callback', '6 misused-promise-callback', '8 promise-in-condition']);
  const [finding] = analyze(caller, 'typescript', { scriptProject: project, projectPath: 'src/api.ts', rules: RULES });
  assert.match(finding.message, /'save' \(it returns a promise\)/);
});

test('without an index or a project path, imported names stay unknown; bare packages are never resolved', () => {
  const project = indexOf({ 'src/store.ts': STORE, 'node_modules/store.ts': STORE });
  const text = "import { save } from './store';\nimport { save as pkg } from 'store';\nasync function f() {\n  save(1);\n  pkg(1);\n}\n";
  assert.deepEqual(linted(text, 'src/api.ts', new ScriptProjectIndex()), []);
  assert.deepEqual(
    analyze(text, 'typescript', { scriptProject: project, rules: RULES }).map((finding) => finding.range.start.line),
    [],
    'no projectPath',
  );
  assert.deepEqual(linted(text, 'src/api.ts', project), floating([3]));
});

test('summaries: what each export form contributes', () => {
  assert.deepEqual(summarizeScript(STORE, 'store.ts'), {
    exports: { save: true, validate: false, load: true, remove: true, default: true, Store: false, 'Store.open': true, 'Store.create': false },
    reexports: {},
    stars: [],
  });
  const overloads = 'export function f(x: string): Promise<void>;\nexport function f(x: number): void;\nexport function f(x: unknown): any {}\n';
  assert.deepEqual(summarizeScript(overloads, 'o.ts').exports, { f: true });
  const objects = 'export const api = { async save() {}, load: () => fetch("x"), nested: { run: async () => {} } };\nexport default { async go() {} };\n';
  // Only top-level names are recorded when not known to return a promise: only they hide `export *` names.
  assert.deepEqual(summarizeScript(objects, 'o.ts').exports, { api: false, 'api.save': true, 'api.load': false, 'api.nested.run': true, default: false, 'default.go': true });
  const generator = 'export async function* stream() {}\nexport type T = Promise<void>;\n';
  assert.deepEqual(summarizeScript(generator, 'g.ts').exports, { stream: false }, 'an async generator returns an iterator');
});

test('the analysis returns the file summary, and cached findings follow index changes', () => {
  const project = indexOf({ 'src/store.ts': STORE });
  const caller = "import { save } from './store';\nasync function f() {\n  save(1);\n}\n";
  const document = new SourceDocument(caller, 'typescript', 'src/api.ts');
  const options = { scriptProject: project, projectPath: 'src/api.ts', rules: RULES };
  try {
    const first = analyzeDocument(document, options);
    assert.deepEqual(first.findings.map((finding) => finding.range.start.line), [2]);
    assert.deepEqual(first.scriptSummary, { exports: {}, reexports: {}, stars: [] });
    const version = project.version;
    assert.equal(indexScriptText(project, 'src/store.ts', 'export function save() {}\n'), true);
    assert.notEqual(project.version, version);
    assert.equal(indexScriptText(project, 'src/store.ts', 'export function save() {}\n'), false, 'same summary');
    assert.deepEqual(analyzeDocument(document, options).findings, [], 'the statement cache did not serve the old finding');
    assert.equal(project.remove('src/store.ts'), true);
    assert.equal(project.remove('src/store.ts'), false);
  } finally {
    document.dispose();
  }
});

test('candidate paths follow TypeScript resolution order', () => {
  assert.deepEqual(candidatePaths('src/api.ts', './store'), [
    'src/store.ts',
    'src/store.tsx',
    'src/store.js',
    'src/store.jsx',
    'src/store/index.ts',
    'src/store/index.tsx',
    'src/store/index.js',
    'src/store/index.jsx',
  ]);
  assert.deepEqual(candidatePaths('src/api.ts', '../lib/store.js'), ['lib/store.ts', 'lib/store.tsx', 'lib/store.js', 'lib/store.jsx']);
  assert.deepEqual(candidatePaths('src/api.ts', './jobs.cjs'), ['src/jobs.cts', 'src/jobs.cjs']);
  assert.deepEqual(candidatePaths('src/api.ts', '.'), ['src/index.ts', 'src/index.tsx', 'src/index.js', 'src/index.jsx']);
  assert.deepEqual(candidatePaths('src/api.ts', './user.service').slice(0, 2), ['src/user.service.ts', 'src/user.service.tsx'], 'not a known extension');
  assert.deepEqual(candidatePaths('api.ts', '../store'), [], 'outside the project');
  assert.deepEqual(candidatePaths('api.ts', 'store'), [], 'a package');
});
