// Python rules: coroutines, event loop entry points and legacy APIs.
import type { Rule } from '../../engine/rule';
import { danglingTask } from '../dangling-task';
import { unawaitedCoroutine } from '../unawaited-coroutine';

export const pythonCoroutineRules: Rule[] = [unawaitedCoroutine, danglingTask];
