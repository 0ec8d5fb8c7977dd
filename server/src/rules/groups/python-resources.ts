// Python rules: resources, bounded concurrency and library consistency.
import type { Rule } from '../../engine/rule';

export const pythonResourceRules: Rule[] = [];
