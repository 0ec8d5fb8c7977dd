// Bringing a crashed language server back: when the client restarts it, when it gives up, and
// what the output and the status bar say meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCrash, MAX_RESTARTS, RestartPolicy } from '../../client/src/restart-policy';
import { summarizeStatus } from '../../client/src/status-summary';

const MINUTE = 60 * 1000;

/** A policy on a clock the test moves. */
function policyAt(start = 0) {
  const clock = { now: start };
  return { clock, policy: new RestartPolicy(() => clock.now) };
}

test('five crashes within three minutes are restarted, the sixth is not', () => {
  const { clock, policy } = policyAt();
  for (let count = 1; count <= MAX_RESTARTS; count++) {
    assert.deepEqual(policy.crashed(), { count, restart: true });
    clock.now += 30 * 1000;
  }
  assert.deepEqual(policy.crashed(), { count: MAX_RESTARTS + 1, restart: false });
});

test('crashes older than three minutes no longer count', () => {
  const { clock, policy } = policyAt();
  for (let count = 1; count <= MAX_RESTARTS; count++) policy.crashed();
  clock.now += 3 * MINUTE;
  assert.deepEqual(policy.crashed(), { count: 1, restart: true }, 'all five fell out of the window');
  clock.now += 2 * MINUTE;
  assert.deepEqual(policy.crashed(), { count: 2, restart: true });
  clock.now += 1 * MINUTE;
  assert.deepEqual(policy.crashed(), { count: 2, restart: true }, 'the first of the two fell out');
});

test('the output says how many crashes count against the limit, and when the client gives up', () => {
  assert.equal(describeCrash({ count: 2, restart: true }), 'The language server stopped unexpectedly; restarting it (crash 2 of 5 within 3 minutes).');
  assert.match(describeCrash({ count: 6, restart: false }), /stopped unexpectedly 6 times within 3 minutes, so it stays stopped until you restart it/);
});

test('the status bar shows a restart after a crash apart from a start, and a failure once the client gives up', () => {
  const counts = { error: 2, warning: 0, information: 0, hint: 0 };
  const restarting = summarizeStatus('restarting', counts, { count: 2, restart: true });
  assert.equal(restarting.text, '$(sync~spin) Awaitwise: restarting');
  assert.notEqual(restarting.text, summarizeStatus('starting', counts).text);
  assert.match(restarting.tooltip, /stopped unexpectedly and is restarting \(crash 2 of 5 within 3 minutes\)/);
  assert.equal(restarting.failed, false);
  assert.match(summarizeStatus('restarting', counts).tooltip, /is restarting\. /, 'no count when none is known');
  const gaveUp = summarizeStatus('stopped', counts);
  assert.equal(gaveUp.text, '$(error) Awaitwise');
  assert.equal(gaveUp.failed, true);
});
