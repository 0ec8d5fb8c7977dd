import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';

const TASK_FACTORIES = new Set(['asyncio.create_task', 'asyncio.ensure_future']);
const LOOP_GETTERS = new Set(['asyncio.get_event_loop', 'asyncio.get_running_loop', 'asyncio.new_event_loop']);
/** Receiver names that conventionally hold an event loop (`loop`, `self._loop`...). */
const LOOP_NAME = /^_?(event_)?loop$/;

function isEventLoop(receiver: Node, context: PythonContext): boolean {
  if (receiver.type === 'call') {
    const getter = context.calleeName(receiver);
    return getter !== undefined && LOOP_GETTERS.has(getter);
  }
  const name = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.type === 'identifier' ? receiver.text : undefined;
  return name !== undefined && LOOP_NAME.test(name);
}

/** The spelling of the task-creating call, when the call creates a task. */
function taskFactory(call: Node, context: PythonContext): string | undefined {
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

// The loop keeps only weak references to tasks; an unreferenced task can vanish mid-run.
export const danglingTask: Rule = {
  meta: {
    id: 'dangling-task',
    title: 'Task created and immediately dropped',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC300', 'RUF006'],
    checklist: 'tasks-referenced',
    fixable: false,
    docs: {
      summary:
        'Finds `asyncio.create_task()`, `asyncio.ensure_future()` and `loop.create_task()` calls whose task is not ' +
        'stored anywhere.',
      why:
        'The event loop holds tasks only through weak references. A task nobody else references can be ' +
        'garbage-collected before it finishes, so the work stops part-way with no error. Even when it survives, ' +
        'nobody ever awaits it: an exception it raises is only logged as "Task exception was never retrieved", and ' +
        'shutdown cannot wait for it or cancel it.',
      fix:
        'Start the work in a `TaskGroup` (Python 3.11+), which owns its tasks and waits for them. For fire-and-forget ' +
        'work, keep the task in a set and discard it when done: `tasks.add(task)` and ' +
        '`task.add_done_callback(tasks.discard)`.',
      examples: {
        python: {
          bad: 'async def on_message(message):\n    asyncio.create_task(audit(message))',
          good:
            'background_tasks = set()\n\nasync def on_message(message):\n    task = asyncio.create_task(audit(message))\n' +
            '    background_tasks.add(task)\n    task.add_done_callback(background_tasks.discard)',
        },
      },
      notes:
        '`create_task` on a task group (`tg.create_task(...)`) is fine: the group keeps the task. A `create_task` ' +
        'method counts as the event loop\'s when its receiver is named like one (`loop`, `self._loop`) or comes ' +
        'straight from `asyncio.get_running_loop()`.',
    },
  },
  python: {
    expression_statement(node, context) {
      const call = context.statementCall(node);
      if (!call) return;
      const factory = taskFactory(call, context);
      if (!factory) return;
      context.report(
        call,
        `The task from ${factory}() is not kept; it may be garbage-collected before it finishes and its errors are never seen`,
      );
    },
  },
};
