import type { Rule } from '../engine/rule';
import { hasSplatArguments, keywordArgument } from '../engine/python/syntax';

// A task's name is what logs, `asyncio.all_tasks()`, debuggers and "Task exception was never
// retrieved" reports show; the default `Task-17` tells nobody which work it was.
export const unnamedTask: Rule = {
  meta: {
    id: 'unnamed-task',
    title: 'Task created without a name',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: false,
    aliases: [],
    checklist: 'tasks-named',
    fixable: false,
    docs: {
      summary:
        'Finds `create_task()` calls (the asyncio function, an event loop\'s or a `TaskGroup`\'s method) that pass ' +
        'no `name=`.',
      why:
        'Unnamed tasks are called `Task-1`, `Task-2`... in every place a task shows up: warnings such as "Task ' +
        'exception was never retrieved" or "Task was destroyed but it is pending!", `asyncio.all_tasks()` dumps, ' +
        'debug-mode slow-callback logs and debugger views. With many tasks alive, an unnamed one cannot be traced ' +
        'back to the code that started it.',
      fix: 'Pass a short descriptive name: `asyncio.create_task(sync_user(user_id), name=f"sync-user-{user_id}")`.',
      examples: {
        python: {
          bad: 'import asyncio\n\nasync def start_workers(queue, count):\n    return [asyncio.create_task(worker(queue)) for _ in range(count)]',
          good:
            'import asyncio\n\nasync def start_workers(queue, count):\n' +
            '    return [asyncio.create_task(worker(queue), name=f"worker-{i}") for i in range(count)]',
        },
      },
      notes:
        'Off by default: naming is a debugging aid, not a defect. Any `.create_task()` method counts, since the ' +
        'name is asyncio\'s vocabulary for loops and task groups. Calls that pass `**kwargs` may carry a name and ' +
        'are left alone, as is every call when the target Python is older than 3.8, where `name=` does not exist. ' +
        'AnyIO and trio name tasks through `start_soon(..., name=...)`, which this rule does not check.',
    },
  },
  python: {
    call(node, context) {
      if (!context.atLeast(3, 8)) return;
      const callee = node.childForFieldName('function');
      const isCreateTask =
        context.calleeName(node) === 'asyncio.create_task' ||
        (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'create_task');
      if (!isCreateTask || keywordArgument(node, 'name') !== undefined || hasSplatArguments(node)) return;
      context.report(node, `'${callee!.text}()' starts a task without a name; pass name=... so logs and task dumps say which work it is`);
    },
  },
};
