// Python rules: coroutines, event loop entry points and legacy APIs.
import type { Rule } from '../../engine/rule';
import { asyncWithoutAwait } from '../async-without-await';
import { asyncioRunInAsync } from '../asyncio-run-in-async';
import { danglingTask } from '../dangling-task';
import { deprecatedGetEventLoop } from '../deprecated-get-event-loop';
import { ensureFutureCoroutine } from '../ensure-future-coroutine';
import { legacyCoroutine } from '../legacy-coroutine';
import { manualEventLoop } from '../manual-event-loop';
import { unawaitedCoroutine } from '../unawaited-coroutine';
import { unnamedTask } from '../unnamed-task';

export const pythonCoroutineRules: Rule[] = [
  unawaitedCoroutine,
  danglingTask,
  asyncioRunInAsync,
  manualEventLoop,
  deprecatedGetEventLoop,
  ensureFutureCoroutine,
  legacyCoroutine,
  unnamedTask,
  asyncWithoutAwait,
];
