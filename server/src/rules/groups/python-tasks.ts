// Python rules: running work concurrently (gather, wait, executors, loops of awaits).
import type { Rule } from '../../engine/rule';

export const pythonTaskRules: Rule[] = [];
