// `check` knows the coroutine functions of every file it checks before analysing any of them,
// and reports calls the user declares blocking with --blocking-calls.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, ruleLines, runCli } from './harness';

const STORE = 'async def save(record):\n    return record\n\nclass Store:\n    async def flush(self):\n        pass\n';
/** Sorted before store.py, so it is analysed before the file that defines `save`. */
const API = 'from app.store import save\n\nasync def handle(record):\n    save(record)\n';

function unawaited(args: string[], cwd: string): string[] {
  const run = runCli(['check', '--format', 'json', '--select', 'unawaited-coroutine', ...args], { cwd });
  assert.equal(run.stderr, '');
  return ruleLines(parseReport(run));
}

describe('awaitwise check: coroutine functions across files', () => {
  test('a coroutine function of another checked file is known, whichever is analysed first', () => {
    const root = tempTree({ 'app/api.py': API, 'app/store.py': STORE });
    assert.deepEqual(unawaited([], root), ['unawaited-coroutine app/api.py:4']);
    // Only the files being checked are indexed.
    assert.deepEqual(unawaited(['app/api.py'], root), []);
  });

  test('relative imports, module attributes and inherited methods resolve', () => {
    const root = tempTree({
      'shop/store.py': STORE,
      'shop/orders/jobs.py': 'async def run():\n    pass\n',
      'shop/orders/api.py': [
        'from ..store import save, Store',
        'from . import jobs',
        '',
        'class CachedStore(Store):',
        '    async def close(self):',
        '        self.flush()',
        '',
        'async def handle(record):',
        '    save(record)',
        '    jobs.run()',
        '',
      ].join('\n'),
    });
    const expected = ['unawaited-coroutine shop/orders/api.py:6', 'unawaited-coroutine shop/orders/api.py:9', 'unawaited-coroutine shop/orders/api.py:10'];
    assert.deepEqual(unawaited([], root), expected);
    // Run from inside the package, the root moves up to hold the files, so `..store` still resolves.
    assert.deepEqual(
      unawaited(['.', '../store.py'], join(root, 'shop', 'orders')),
      expected.map((line) => line.replace('shop/orders/', '')),
    );
  });

  test('--fix awaits a cross-file coroutine call', () => {
    const root = tempTree({ 'app/api.py': API, 'app/store.py': STORE });
    const run = runCli(['check', '--fix', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.deepEqual(parseReport(run).summary.fixedFiles, [{ path: 'app/api.py', fixes: 1 }]);
  });
});

describe('awaitwise check --startable-functions', () => {
  const SOURCE = [
    'import trio',
    'from myapp.net import serve_metrics, serve_admin',
    '',
    'class Service:',
    '    async def __aenter__(self):',
    '        self._nursery.start_soon(serve_metrics, 9100)',
    '        self._nursery.start_soon(serve_admin, 9200)',
    '        return self',
    '',
  ].join('\n');

  function reported(args: string[]): string[] {
    const root = tempTree({ 'service.py': SOURCE });
    const run = runCli(['check', '--format', 'json', ...args], { cwd: root });
    assert.equal(run.stderr, '');
    return ruleLines(parseReport(run)).filter((line) => line.startsWith('start-soon-in-aenter'));
  }

  test('checks the functions named, by plain or dotted name; nothing without the option', () => {
    assert.deepEqual(reported([]), []);
    assert.deepEqual(reported(['--startable-functions', 'myapp.net.serve_metrics']), ['start-soon-in-aenter service.py:6']);
    assert.deepEqual(reported(['--startable-functions', 'serve_metrics,serve_admin']), [
      'start-soon-in-aenter service.py:6',
      'start-soon-in-aenter service.py:7',
    ]);
  });

  test('a name that is not a dotted name is a usage error', () => {
    const run = runCli(['check', '--startable-functions', 'serve-*'], { cwd: tempTree({ 'service.py': SOURCE }) });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^awaitwise: error: invalid --startable-functions name 'serve-\*'/);
  });
});

describe('awaitwise check --blocking-calls', () => {
  const SOURCE = [
    'import billing_sdk',
    'from legacy import Client',
    '',
    'async def checkout(order):',
    '    billing_sdk.charge(order)',
    '    client = Client()',
    '    client.query(order)',
    '',
  ].join('\n');

  function configured(args: string[]): string[] {
    const root = tempTree({ 'shop.py': SOURCE });
    const run = runCli(['check', '--format', 'json', ...args], { cwd: root });
    assert.equal(run.stderr, '');
    return ruleLines(parseReport(run)).filter((line) => line.startsWith('configured-blocking-call'));
  }

  test('reports the calls named, comma-separated or repeated; nothing without the option', () => {
    assert.deepEqual(configured([]), []);
    assert.deepEqual(configured(['--blocking-calls', 'billing_sdk.charge']), ['configured-blocking-call shop.py:5']);
    const both = ['configured-blocking-call shop.py:5', 'configured-blocking-call shop.py:7'];
    assert.deepEqual(configured(['--blocking-calls', 'billing_sdk.charge,legacy.Client.query']), both);
    assert.deepEqual(configured(['--blocking-calls', 'billing_sdk.charge', '--blocking-calls', 'legacy.Client.query']), both);
  });

  test('a name that is not a dotted name is a usage error', () => {
    const root = tempTree({ 'shop.py': SOURCE });
    const run = runCli(['check', '--blocking-calls', 'billing_sdk.*'], { cwd: root });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^awaitwise: error: invalid --blocking-calls name 'billing_sdk\.\*': expected a dotted name/);
  });

  test('is listed in check --help', () => {
    assert.match(runCli(['check', '--help'], { cwd: tempTree({}) }).stdout, /--blocking-calls NAMES/);
  });
});
