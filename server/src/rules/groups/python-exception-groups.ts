// Python rules: catching, re-raising and testing exception groups.
import type { Rule } from '../../engine/rule';

export const pythonExceptionGroupRules: Rule[] = [];
