// Python rules: task groups, nurseries and cancel scopes kept well-nested (yield, early exits, use after exit).
import type { Rule } from '../../engine/rule';

export const pythonStructuredRules: Rule[] = [];
