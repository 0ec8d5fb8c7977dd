// Python rules: deadlines and sleeps that do not mean what they say.
import type { Rule } from '../../engine/rule';
import { constantDeadline } from '../constant-deadline';
import { longSleep } from '../long-sleep';
import { relativeScopeBeforeEnter } from '../relative-scope-before-enter';

export const pythonDeadlineRules: Rule[] = [longSleep, constantDeadline, relativeScopeBeforeEnter];
