// Python rules: timeouts, cancellation and polling.
import type { Rule } from '../../engine/rule';

export const pythonTimeoutRules: Rule[] = [];
