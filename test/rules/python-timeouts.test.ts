// Timeout rules whose behaviour depends on the target Python version, which a fixture folder
// (one options.json for all its files) cannot show both sides of.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import type { PythonVersion } from '../../server/src/engine/types';
import { ruleById } from '../../server/src/rules';

before(() => initEngine());

const PY310: PythonVersion = { major: 3, minor: 10 };
const PY311: PythonVersion = { major: 3, minor: 11 };

function messages(ruleId: string, text: string, pythonVersion: PythonVersion): string[] {
  const rules = new Map([[ruleId, ruleById.get(ruleId)!.meta.severity]]);
  return analyze(text, 'python', { rules, pythonVersion }).map((finding) => finding.message);
}

test('timeout-parameter leaves asyncio code alone before Python 3.11, which has no asyncio.timeout()', () => {
  const asyncio = 'import asyncio\nasync def fetch(url, timeout=5):\n    return await asyncio.wait_for(get(url), timeout)\n';
  assert.equal(messages('timeout-parameter', asyncio, PY311).length, 1);
  assert.deepEqual(messages('timeout-parameter', asyncio, PY310), []);
  const trio = 'import trio\nasync def fetch(url, timeout=5):\n    with trio.fail_after(timeout):\n        return await get(url)\n';
  assert.equal(messages('timeout-parameter', trio, PY310).length, 1);
});

test('missing-timeout suggests asyncio.wait_for() before Python 3.11', () => {
  const text = 'import asyncio\nasync def chat(host):\n    reader, writer = await asyncio.open_connection(host, 7)\n    return await reader.read(10)\n';
  assert.match(messages('missing-timeout', text, PY311)[0], /asyncio\.timeout/);
  assert.match(messages('missing-timeout', text, PY310)[0], /asyncio\.wait_for/);
});
