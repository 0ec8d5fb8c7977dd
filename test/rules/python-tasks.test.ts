// Concurrency rules whose behaviour depends on the target Python version, which a fixture folder
// (one options.json for all its files) cannot show both sides of.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyze, initEngine } from '../../server/src/engine';
import type { PythonVersion } from '../../server/src/engine/types';
import { ruleById } from '../../server/src/rules';

before(() => initEngine());

const PY38: PythonVersion = { major: 3, minor: 8 };
const PY310: PythonVersion = { major: 3, minor: 10 };
const PY311: PythonVersion = { major: 3, minor: 11 };

function findings(ruleId: string, text: string, pythonVersion: PythonVersion) {
  const rules = new Map([[ruleId, ruleById.get(ruleId)!.meta.severity]]);
  return analyze(text, 'python', { rules, pythonVersion });
}

const FETCH = 'import asyncio\nasync def fetch(url):\n    await asyncio.sleep(0)\n';

test('prefer-task-group suggests TaskGroup only where it exists (3.11+)', () => {
  const text = `${FETCH}async def main(urls):\n    return await asyncio.gather(*[asyncio.create_task(fetch(u)) for u in urls])\n`;
  assert.equal(findings('prefer-task-group', text, PY311).length, 1);
  assert.deepEqual(findings('prefer-task-group', text, PY310), []);
});

test('wait-with-coroutines reports only where asyncio.wait raises (3.11+)', () => {
  const text = `${FETCH}async def main(urls):\n    await asyncio.wait([fetch(u) for u in urls])\n`;
  assert.equal(findings('wait-with-coroutines', text, PY311).length, 1);
  assert.deepEqual(findings('wait-with-coroutines', text, PY310), []);
});

test('await-in-loop names TaskGroup only from 3.11', () => {
  const text = `${FETCH}async def main(urls):\n    for url in urls:\n        await fetch(url)\n`;
  assert.match(findings('await-in-loop', text, PY311)[0].message, /asyncio\.TaskGroup/);
  const before = findings('await-in-loop', text, PY310)[0].message;
  assert.match(before, /asyncio\.gather\(\)/);
  assert.doesNotMatch(before, /TaskGroup/);
});

test('executor-per-call suggests asyncio.to_thread only where it exists (3.9+)', () => {
  const text =
    'import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n' +
    'async def main(work):\n    with ThreadPoolExecutor() as pool:\n' +
    '        return await asyncio.get_running_loop().run_in_executor(pool, work)\n';
  assert.match(findings('executor-per-call', text, PY311)[0].message, /asyncio\.to_thread\(\)/);
  const old = findings('executor-per-call', text, PY38)[0].message;
  assert.match(old, /run_in_executor\(None/);
  assert.doesNotMatch(old, /to_thread/);
});
