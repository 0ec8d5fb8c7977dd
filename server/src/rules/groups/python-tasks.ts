// Python rules: running work concurrently (gather, wait, executors, loops of awaits).
import type { Rule } from '../../engine/rule';
import { awaitInLoop } from '../await-in-loop';
import { executorCoroutine } from '../executor-coroutine';
import { executorPerCall } from '../executor-per-call';
import { executorUnbounded } from '../executor-unbounded';
import { gatherExceptionsUnchecked } from '../gather-exceptions-unchecked';
import { preferTaskGroup } from '../prefer-task-group';
import { waitWithCoroutines } from '../wait-with-coroutines';

export const pythonTaskRules: Rule[] = [awaitInLoop, gatherExceptionsUnchecked, preferTaskGroup, waitWithCoroutines, executorCoroutine, executorPerCall, executorUnbounded];
