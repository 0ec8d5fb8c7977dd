import type { Rule } from '../engine/rule';
import { taskFactory } from './support/task-factories';

// A task group owns what it starts: it waits for it, cancels it with the scope and re-raises
// its errors. A bare asyncio task escapes all of that.
export const unstructuredTask: Rule = {
  meta: {
    id: 'unstructured-task',
    title: 'asyncio task started in AnyIO or trio code',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'tasks-structured',
    fixable: false,
    docs: {
      summary:
        'In a module written for AnyIO or trio, finds tasks started with `asyncio.create_task()`, ' +
        '`asyncio.ensure_future()` or `loop.create_task()` instead of a task group or nursery.',
      why:
        'AnyIO\'s structured concurrency rests on every task belonging to a task group: the group waits for its ' +
        'tasks, cancels them when its scope is cancelled, and re-raises their errors. An asyncio task belongs to no ' +
        'group, so a cancelled request leaves it running, its exception is only logged as "Task exception was never ' +
        'retrieved", and shutdown does not wait for it. On the trio backend, or in trio code, there is no asyncio ' +
        'event loop and the call raises `RuntimeError` at once.',
      fix:
        'Start the work in a task group: `async with anyio.create_task_group() as tg: tg.start_soon(work, arg)` ' +
        '(a nursery\'s `start_soon()` in trio). Work that must outlive the current function goes to a task group ' +
        'held by a longer-lived owner, such as the application\'s lifespan.',
      examples: {
        python: {
          bad:
            'import asyncio\nimport anyio\n\nasync def handle(request):\n    asyncio.create_task(audit(request))\n' +
            '    return await respond(request)',
          good:
            'import anyio\n\nasync def handle(request):\n    async with anyio.create_task_group() as tg:\n' +
            '        tg.start_soon(audit, request)\n        return await respond(request)',
        },
      },
      notes:
        'Only AnyIO and trio modules (those importing `anyio` or `trio`) are checked; in asyncio code bare tasks are ' +
        'the norm and `dangling-task` covers the dangerous ones. `mixed-async-libraries` skips task creation so each ' +
        'call is reported once, here. A task that is also dropped gets `dangling-task` as well, which is a different ' +
        'failure. `create_task` on a task group is never reported.',
    },
  },
  python: {
    call(node, context) {
      if (context.library === 'asyncio') return;
      const factory = taskFactory(node, context);
      if (!factory) return;
      const called = `'${factory}()'`;
      context.report(
        node,
        context.library === 'anyio'
          ? `${called} starts a task outside any AnyIO task group, so cancellation never reaches it and its errors go unseen; ` +
              "use a task group's start_soon()"
          : `${called} needs an asyncio event loop, which trio code does not run on; use a nursery's start_soon()`,
      );
    },
  },
};
