// Coroutine and event-loop rules whose behaviour depends on the target Python version, which a
// fixture folder (one options.json for all its files) cannot show both sides of.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ProjectIndex, analyze, initEngine, summarizePython } from '../../server/src/engine';
import type { PythonVersion } from '../../server/src/engine/types';
import { ruleById } from '../../server/src/rules';

before(() => initEngine());

function findings(ruleId: string, text: string, pythonVersion: PythonVersion) {
  const rules = new Map([[ruleId, ruleById.get(ruleId)!.meta.severity]]);
  return analyze(text, 'python', { rules, pythonVersion });
}

const cases: Array<{ ruleId: string; text: string; silentBefore: PythonVersion }> = [
  {
    ruleId: 'manual-event-loop',
    text: 'import asyncio\nasync def main():\n    pass\ndef cli():\n    asyncio.new_event_loop().run_until_complete(main())\n',
    silentBefore: { major: 3, minor: 7 },
  },
  {
    ruleId: 'deprecated-get-event-loop',
    text: 'import asyncio\nasync def main():\n    return asyncio.get_event_loop()\n',
    silentBefore: { major: 3, minor: 7 },
  },
  {
    ruleId: 'ensure-future-coroutine',
    text: 'import asyncio\nasync def tick():\n    await asyncio.sleep(1)\nasync def main():\n    return asyncio.ensure_future(tick())\n',
    silentBefore: { major: 3, minor: 7 },
  },
  {
    ruleId: 'unnamed-task',
    text: 'import asyncio\nasync def main(job):\n    return asyncio.create_task(job())\n',
    silentBefore: { major: 3, minor: 8 },
  },
  {
    ruleId: 'legacy-coroutine',
    text: 'import asyncio\n@asyncio.coroutine\ndef tick():\n    yield from asyncio.sleep(1)\n',
    silentBefore: { major: 3, minor: 5 },
  },
];

for (const { ruleId, text, silentBefore } of cases) {
  test(`${ruleId} reports from Python ${silentBefore.major}.${silentBefore.minor} on, and not before`, () => {
    assert.equal(findings(ruleId, text, silentBefore).length, 1);
    assert.equal(findings(ruleId, text, { major: 3, minor: 13 }).length, 1);
    assert.deepEqual(findings(ruleId, text, { major: silentBefore.major, minor: silentBefore.minor - 1 }), []);
  });
}

test('legacy-coroutine is reported on versions where the decorator still works', () => {
  const text = 'import asyncio\n@asyncio.coroutine\ndef tick():\n    yield from asyncio.sleep(1)\n';
  assert.equal(findings('legacy-coroutine', text, { major: 3, minor: 9 })[0].severity, 'error');
});

test('asyncio-run-in-async offers its await fix only as a reviewed suggestion', () => {
  const text = 'import asyncio\nasync def job():\n    pass\nasync def main():\n    asyncio.run(job())\n';
  const [finding] = findings('asyncio-run-in-async', text, { major: 3, minor: 12 });
  assert.equal(finding.fixes.length, 1);
  assert.equal(finding.fixes[0].safe, false);
});

test('ensure-future-coroutine knows coroutine functions of other project files', () => {
  const project = new ProjectIndex();
  project.update('app/jobs.py', summarizePython('async def refresh():\n    pass\ndef plan():\n    pass\n', 'app/jobs.py'));
  const text = 'import asyncio\nfrom app.jobs import plan, refresh\nasync def main():\n    asyncio.ensure_future(refresh())\n    asyncio.ensure_future(plan())\n';
  const rules = new Map([['ensure-future-coroutine', 'hint' as const]]);
  const lines = analyze(text, 'python', { rules, project, projectPath: 'app/main.py' }).map((finding) => finding.range.start.line);
  assert.deepEqual(lines, [3]);
});
