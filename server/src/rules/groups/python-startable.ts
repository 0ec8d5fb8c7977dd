// Python rules: starting services in a task group and signalling that they are ready (task_status).
import type { Rule } from '../../engine/rule';
import { startSoonInAenter } from '../start-soon-in-aenter';
import { startableNotConfigured } from '../startable-not-configured';
import { taskStatusNotStarted } from '../task-status-not-started';

export const pythonStartableRules: Rule[] = [startSoonInAenter, taskStatusNotStarted, startableNotConfigured];
