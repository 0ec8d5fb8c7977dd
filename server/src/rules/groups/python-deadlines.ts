// Python rules: deadlines and sleeps that do not mean what they say.
import type { Rule } from '../../engine/rule';

export const pythonDeadlineRules: Rule[] = [];
