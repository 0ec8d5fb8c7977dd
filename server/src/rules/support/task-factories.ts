// Calls that start an asyncio task outside any task group: `asyncio.create_task()`,
// `asyncio.ensure_future()` and the event loop's `create_task()`.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';

const TASK_FACTORIES = new Set(['asyncio.create_task', 'asyncio.ensure_future']);
const LOOP_GETTERS = new Set(['asyncio.get_event_loop', 'asyncio.get_running_loop', 'asyncio.new_event_loop']);
/** Receiver names that conventionally hold an event loop (`loop`, `self._loop`...). */
const LOOP_NAME = /^_?(event_)?loop$/;

function isEventLoop(receiver: Node, context: PythonContext): boolean {
  if (receiver.type === 'call') {
    const getter = context.calleeName(receiver);
    return getter !== undefined && LOOP_GETTERS.has(getter);
  }
  const named = receiver.type === 'attribute' ? receiver.childForFieldName('attribute') : receiver;
  return named?.type === 'identifier' && LOOP_NAME.test(named.text);
}

/**
 * How the call spells task creation (`asyncio.create_task`, `loop.create_task`) when it starts
 * an unowned task. A `create_task` method counts as the loop's when its receiver is named like
 * one or comes straight from `asyncio.get_running_loop()`; on a task group it is not matched.
 */
export function taskFactory(call: Node, context: PythonContext): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const qualified = context.qualifiedName(callee);
  if (qualified && TASK_FACTORIES.has(qualified)) return qualified;
  if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'create_task') {
    const receiver = callee.childForFieldName('object');
    if (receiver && isEventLoop(receiver, context)) return 'loop.create_task';
  }
  return undefined;
}
