// The examples/ folder is documentation that runs: each finding must be the one its
// surrounding code was written to demonstrate. (Every rule's own documented examples are
// checked in test/docs/examples.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport, REPO_ROOT, ruleLines, runCli } from './harness';

const EXPECTED = [
  'async-promise-executor examples/javascript/cache.mjs:14',
  'floating-promise examples/javascript/cache.mjs:24',
  'blocking-file-io examples/javascript/cache.mjs:35',
  'missing-timeout examples/javascript/cache.mjs:48',
  'floating-promise examples/javascript/cache.mjs:56',
  'missing-timeout examples/javascript/cache.mjs:56',
  'unawaited-coroutine examples/python/http_fetcher.py:22',
  'blocking-sleep examples/python/http_fetcher.py:34',
  'dangling-task examples/python/http_fetcher.py:41',
  'blocking-sleep examples/python/order_worker.py:47',
  'unawaited-coroutine examples/python/order_worker.py:49',
  'dangling-task examples/python/order_worker.py:53',
  'timeout-parameter examples/python/order_worker.py:69',
  'busy-wait examples/python/order_worker.py:71',
  'async-promise-executor examples/typescript/orders-service.ts:34',
  'floating-promise examples/typescript/orders-service.ts:48',
  'blocking-file-io examples/typescript/orders-service.ts:55',
];

test('awaitwise check examples/ reports exactly the demonstrated problems', () => {
  const run = runCli(['check', 'examples/', '--format', 'json'], { cwd: REPO_ROOT });
  assert.equal(run.stderr, '');
  assert.equal(run.status, 1);
  assert.deepEqual(ruleLines(parseReport(run)), EXPECTED);
});
