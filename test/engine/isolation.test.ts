// A failing rule is contained: reported once, its findings dropped, the others kept.
// Cancellation stops analysis with a distinct error.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { AnalysisCancelledError, SourceDocument, analyze, analyzeDocument, initEngine } from '../../server/src/engine';
import { ruleById } from '../../server/src/rules';

before(() => initEngine());

test('a throwing rule is reported once and only its findings are dropped', () => {
  const rule = ruleById.get('blocking-sleep')!;
  const visitors = rule.python as Record<string, unknown>;
  const original = visitors.call;
  visitors.call = (node: unknown, context: { report(node: unknown, message: string): void }) => {
    context.report(node, 'partial result before the failure');
    throw new Error('boom');
  };
  try {
    const errors: string[] = [];
    const text = 'import time\nimport asyncio\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n    asyncio.sleep(3)\n';
    const document = new SourceDocument(text, 'python');
    for (let run = 0; run < 2; run++) {
      const { findings } = analyzeDocument(document, { onRuleError: (ruleId) => errors.push(ruleId) });
      assert.deepEqual(findings.map((finding) => finding.ruleId), ['unawaited-coroutine']);
    }
    assert.deepEqual(errors, ['blocking-sleep', 'blocking-sleep'], 'once per run: the server de-duplicates across runs');
    visitors.call = original;
    assert.deepEqual(
      analyzeDocument(document).findings.map((finding) => finding.ruleId),
      ['blocking-sleep', 'blocking-sleep', 'unawaited-coroutine'],
      'nothing from the failed runs is reused',
    );
    document.dispose();
  } finally {
    visitors.call = original;
  }
});

test('a cancelled token stops analysis with AnalysisCancelledError', () => {
  const token = { isCancellationRequested: true };
  assert.throws(() => analyze('import time\nasync def f():\n    time.sleep(1)\n', 'python', {}, token), AnalysisCancelledError);
  assert.throws(() => analyze('async function f() {}\nf();\n', 'typescript', {}, token), AnalysisCancelledError);
});

test('rule severities and selection come from options', () => {
  const text = 'import time\nasync def f():\n    time.sleep(1)\n';
  assert.equal(analyze(text, 'python', { rules: new Map([['blocking-sleep', 'hint']]) })[0].severity, 'hint');
  assert.deepEqual(analyze(text, 'python', { rules: new Map([['dangling-task', 'error']]) }), []);
});

test('syntax errors and odd input never throw', () => {
  const inputs = ['async def (:\n  time.sleep(', '\u0000\u0001binary\uFFFD', '', '\uFEFFimport time\n', 'async function (', ')))}}}'];
  for (const input of inputs) {
    assert.ok(Array.isArray(analyze(input, 'python')));
    assert.ok(Array.isArray(analyze(input, 'typescript')));
    assert.ok(Array.isArray(analyze(input, 'javascriptreact')));
  }
});

test('a Python parse stops when the token is cancelled, and the document parses fully afterwards', () => {
  // Runs of long comment lines are the grammar scanner's worst case: seconds for this text.
  const text = `import time\n${`# ${'x'.repeat(400)}\n`.repeat(1_500)}async def f():\n    time.sleep(1)\n`;
  const document = new SourceDocument(text, 'python');
  let started = performance.now();
  const deadline = {
    get isCancellationRequested() {
      return performance.now() - started > 50;
    },
  };
  assert.throws(() => analyzeDocument(document, {}, deadline), AnalysisCancelledError);
  const stopped = performance.now() - started;
  started = performance.now();
  assert.deepEqual(analyzeDocument(document).findings.map((finding) => finding.ruleId), ['blocking-sleep']);
  const whole = performance.now() - started;
  assert.ok(stopped < whole / 2, `stopped after ${Math.round(stopped)} ms; the whole analysis takes ${Math.round(whole)} ms`);
  document.dispose();
});
