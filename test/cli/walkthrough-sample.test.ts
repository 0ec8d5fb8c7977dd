// The walkthrough's "Open a Sample File" promises findings to look at, hover and fix: the sample
// must have them, each with a safe fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SAMPLE_PYTHON } from '../../client/src/walkthrough-sample';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, runCli } from './harness';

test('the walkthrough sample has a blocking sleep and an unawaited coroutine, both fixable', () => {
  const folder = tempTree({ 'sample.py': SAMPLE_PYTHON });
  const report = parseReport(runCli(['check', 'sample.py', '--format', 'json'], { cwd: folder }));
  assert.deepEqual(
    report.findings.map((finding) => `${finding.rule}:${finding.line} ${finding.fixable ? 'fixable' : 'not fixable'}`),
    ['blocking-sleep:8 fixable', 'unawaited-coroutine:13 fixable'],
  );
});
