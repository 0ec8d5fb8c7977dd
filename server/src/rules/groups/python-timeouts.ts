// Python rules: timeouts, cancellation and polling.
import type { Rule } from '../../engine/rule';
import { busyWait } from '../busy-wait';
import { cancellationSwallowed } from '../cancellation-swallowed';
import { missingTimeout } from '../missing-timeout';
import { timeoutParameter } from '../timeout-parameter';
import { timeoutWithoutAwait } from '../timeout-without-await';
import { zeroSleep } from '../zero-sleep';

export const pythonTimeoutRules: Rule[] = [
  cancellationSwallowed,
  timeoutWithoutAwait,
  timeoutParameter,
  missingTimeout,
  busyWait,
  zeroSleep,
];
