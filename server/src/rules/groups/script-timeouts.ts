// TypeScript / JavaScript rules about timers and timeouts that have no Python counterpart.
import type { Rule } from '../../engine/rule';

export const scriptTimeoutRules: Rule[] = [];
