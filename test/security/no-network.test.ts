// Awaitwise makes no network request and starts no process. The CLI (every command and output
// format, worker threads included) and the language server over stdio (a whole session, from
// initialize to exit) run with outbound-recorder.cjs preloaded, which records any use of net,
// tls, dns, http(s), http2, dgram, fetch and child_process, and any module loaded from outside
// dist/. Nothing may be recorded. (Worker threads are not processes: the CLI's pool uses them.
// The server's --socket and --node-ipc transports use net, which is how they work; over stdio,
// which the tests use, nothing of net may be touched.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type CodeAction, type Diagnostic, type WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { CHECKLIST_REQUEST } from '../../server/src/checklist/protocol';
import { runCli, SOURCES } from '../cli/harness';
import { LspTestClient } from '../helpers/lsp-client';
import { tempTree } from '../helpers/temp-tree';
import { disposeAfterTests } from '../helpers/workspace-server';
import { describeCalls, recordOutboundCalls } from './recording';

const recorded = recordOutboundCalls();

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, include: ['src'] });

/** Findings with fixes in Python, TypeScript and JavaScript, and a configuration file. */
const PROJECT = {
  'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n\n[tool.awaitwise]\nselect = ["all"]\n',
  'app/store.py': 'import time\n\nasync def save(record):\n    time.sleep(1)\n    return record\n',
  'app/tasks.py': SOURCES.danglingTask,
  'src/main.ts': 'async function save(): Promise<void> {}\n\nexport async function start() {\n  try {\n    return save();\n  } catch {\n    return 0;\n  }\n}\n',
  'scripts/save.js': 'async function save() {}\nexport function run() {\n  save();\n}\n',
};

/** Two type-checked projects (each starts a worker of its own) and Python files for the rest. */
function manyFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'app/store.py': PROJECT['app/store.py'],
    'tsconfig.json': TSCONFIG,
    'src/main.ts': PROJECT['src/main.ts'],
    'tools/tsconfig.json': TSCONFIG,
    'tools/src/main.ts': PROJECT['src/main.ts'],
  };
  for (let index = 0; index < 60; index++) {
    files[`app/handlers/h${String(index).padStart(2, '0')}.py`] = `from app.store import save\n\nasync def handle_${index}(record):\n    save(record)\n`;
  }
  return files;
}

function assertNothingRecorded(): void {
  const calls = recorded();
  assert.deepEqual(calls.map((call) => `${call.api}(${call.detail})`), [], describeCalls(calls));
}

test('the recorder sees what it is there to see, in processes and worker threads', () => {
  const outside = tempTree({ 'plugin.js': 'module.exports = 1;\n' });
  const script = join(tempTree({}), 'reach-out.cjs');
  const worker = join(tempTree({}), 'worker.cjs');
  writeFileSync(worker, "require('node:https').get('https://127.0.0.1:9/').on('error', () => {});\n");
  writeFileSync(
    script,
    [
      "const { Worker } = require('node:worker_threads');",
      "require('node:net').connect(9, '127.0.0.1').on('error', () => {});",
      "require('node:dns').lookup('localhost', () => {});",
      "fetch('http://127.0.0.1:9/').catch(() => {});",
      "require('node:child_process').execFileSync(process.execPath, ['-e', '']);",
      `require(${JSON.stringify(join(outside, 'plugin.js'))});`,
      `new Worker(${JSON.stringify(worker)});`,
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const seen = recorded().map((call) => `${call.api} ${call.thread}`);
  for (const expected of ['net.connect main', 'dns.lookup main', 'fetch main', 'child_process.execFileSync main', 'require main', 'https.get worker']) {
    assert.ok(seen.includes(expected), `${expected} not in ${seen.join(', ')}`);
  }
  // What the recorder saw here is not the product's: the record starts afresh.
  writeFileSync(process.env.AWAITWISE_RECORD_FILE!, '');
});

test('the CLI reaches out to nothing: check in every format, --fix, worker threads, checklist, rules, explain, init', () => {
  const root = tempTree(PROJECT);
  const cache = join(tempTree({}), 'cache');
  const runs: string[][] = [
    ['check', '--cache-dir', cache],
    ['check', '--cache-dir', cache, '--format', 'json', '--statistics'],
    ['check', '--no-cache', '--format', 'sarif', '--output-file', join(tempTree({}), 'report.sarif')],
    ['check', '--no-cache', '--format', 'github', '--type-aware', 'on'],
    ['checklist', '--no-cache', '--format', 'markdown'],
    ['checklist', '--no-cache', '--format', 'json'],
    ['rules', '--format', 'json'],
    ['explain', 'all'],
    ['--version'],
  ];
  for (const args of runs) {
    const run = runCli(args, { cwd: root });
    assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: ${run.stderr}`);
  }
  assert.equal(runCli(['check', '--no-cache', '--fix', '--format', 'json'], { cwd: root }).status, 1);
  assert.notEqual(readFileSync(join(root, 'src/main.ts'), 'utf8'), PROJECT['src/main.ts'], 'a fix was written');
  assert.equal(runCli(['init'], { cwd: tempTree({}) }).status, 0);
  const parallel = runCli(['check', '--no-cache', '--jobs', '2', '--verbose', '--format', 'json'], { cwd: tempTree(manyFiles()) });
  const started = /\((\d+) worker threads? started\)/.exec(parallel.stderr);
  assert.ok(started && Number(started[1]) >= 1, `worker threads ran, with the recorder in them: ${parallel.stderr}`);
  assertNothingRecorded();
});

test('the language server over stdio reaches out to nothing, from initialize to exit', async () => {
  const files: Record<string, string> = { ...PROJECT, 'tsconfig.json': TSCONFIG };
  const root = tempTree(files);
  const uri = (path: string) => pathToFileURL(join(root, path)).href;
  const client = disposeAfterTests(await LspTestClient.start({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'app' }], settings: { scope: 'workspace' } }));

  const python = uri('app/store.py');
  const script = uri('src/main.ts');
  await client.open(python, 'python', files['app/store.py']!);
  await client.open(script, 'typescript', files['src/main.ts']!);
  const diagnostics: Diagnostic[] = [...(await client.diagnostics(python)), ...(await client.diagnostics(script))];
  assert.ok(diagnostics.length >= 2, 'findings in both files');
  await client.hover(python, { line: 3, character: 6 });
  await client.completion(python, { line: 3, character: 0 });
  for (const [document, found] of [
    [python, await client.diagnostics(python)],
    [script, await client.diagnostics(script)],
  ] as const) {
    const actions = await client.codeActions(document, found[0]!.range, found);
    assert.ok(actions.length > 0);
    await client.resolve(actions[0] as CodeAction);
  }
  await client.edit(python, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } }, 'pass');
  await client.diagnostics(python);
  await client.save(python);
  await client.changeSettings({ scope: 'workspace', typescript: { typeAware: 'on' } });
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('app/tasks.py'), type: FileChangeType.Changed }] });
  const workspace = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
  assert.ok(workspace.items.some((item) => item.uri === uri('app/tasks.py')), 'the workspace pass ran');
  await client.request(CHECKLIST_REQUEST, { scope: 'file', uri: python });
  await client.request(CHECKLIST_REQUEST, { scope: 'workspace' });
  await client.close(script);
  assert.equal(await client.shutdown(), 0);
  assertNothingRecorded();
});
