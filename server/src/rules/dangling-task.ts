import type { Rule } from '../engine/rule';
import { taskFactory } from './support/task-factories';

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
          bad: 'import asyncio\n\nasync def on_message(message):\n    asyncio.create_task(audit(message))',
          good:
            'import asyncio\n\nbackground_tasks = set()\n\nasync def on_message(message):\n    task = asyncio.create_task(audit(message))\n' +
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
