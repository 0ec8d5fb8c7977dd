// Python rules: starting services in a task group and signalling that they are ready (task_status).
import type { Rule } from '../../engine/rule';

export const pythonStartableRules: Rule[] = [];
