// Python rules: task groups, nurseries and cancel scopes kept well-nested (yield, early exits, use after exit).
import type { Rule } from '../../engine/rule';
import { earlyExitInTaskGroup } from '../early-exit-in-task-group';
import { taskGroupUsedAfterExit } from '../task-group-used-after-exit';
import { unnecessaryTaskGroup } from '../unnecessary-task-group';
import { yieldInAsyncGeneratorContext } from '../yield-in-async-generator-context';
import { yieldInCancelScope } from '../yield-in-cancel-scope';

export const pythonStructuredRules: Rule[] = [
  yieldInCancelScope,
  yieldInAsyncGeneratorContext,
  taskGroupUsedAfterExit,
  unnecessaryTaskGroup,
  earlyExitInTaskGroup,
];
