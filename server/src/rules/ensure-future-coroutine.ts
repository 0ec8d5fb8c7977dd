import type { Rule } from '../engine/rule';
import { hasSplatArguments, keywordArgument, positionalArguments } from '../engine/python/syntax';
import { callsCoroutineFunction } from './support/coroutine-calls';
import { memberCalleeEdits } from './support/module-member';

// `ensure_future` accepts any awaitable; given a coroutine it just calls `create_task`,
// which says what happens and rejects anything that is not a coroutine.
export const ensureFutureCoroutine: Rule = {
  meta: {
    id: 'ensure-future-coroutine',
    title: '`asyncio.ensure_future()` on a coroutine',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: [],
    checklist: 'modern-task-api',
    fixable: true,
    docs: {
      summary:
        'Finds `asyncio.ensure_future()` called in async code on a coroutine call, where `asyncio.create_task()` ' +
        'states the intent.',
      why:
        '`ensure_future()` is a converter: futures and tasks come back unchanged, other awaitables are wrapped, ' +
        'and only a coroutine starts a new task. A reader cannot tell which of these happens, and if the argument ' +
        'later stops being a coroutine (a helper refactored to return a future), the call quietly stops starting ' +
        'a task instead of failing. `create_task()` starts a task from a coroutine and rejects anything else, and ' +
        'from Python 3.8 it takes a `name=` for debugging.',
      fix: 'Call `asyncio.create_task(coro)`. Keep `ensure_future()` for code that really receives "any awaitable".',
      examples: {
        python: {
          bad:
            'import asyncio\n\nclass Heartbeat:\n    async def _beat(self):\n        while True:\n' +
            '            await asyncio.sleep(5)\n\n    async def start(self):\n        self._task = asyncio.ensure_future(self._beat())',
          good:
            'import asyncio\n\nclass Heartbeat:\n    async def _beat(self):\n        while True:\n' +
            '            await asyncio.sleep(5)\n\n    async def start(self):\n        self._task = asyncio.create_task(self._beat())',
        },
      },
      fixSafety:
        'Safe: with a running loop and a coroutine, `ensure_future()` does exactly what `create_task()` does. The ' +
        'module reference is kept (`aio.ensure_future` becomes `aio.create_task`); a name imported from asyncio ' +
        'becomes an imported `create_task`, or `asyncio.create_task` (with `import asyncio` when missing). ' +
        'No fix is offered when the call passes `loop=`, which `asyncio.create_task()` does not take (the message ' +
        'suggests `loop.create_task(coro)` then), or `**kwargs` that might hold it.',
      notes:
        'The argument must be a call to a known coroutine function: an `async def` of the module (also through ' +
        '`self.` / `cls.`), a coroutine function of another project file, or a well-known library coroutine such as ' +
        '`asyncio.sleep`. Futures, tasks, `gather()` results and unknown awaitables are the reason `ensure_future()` ' +
        'exists and are left alone. Calls outside an `async def` are left alone too: there `create_task()` needs a ' +
        'running loop that may not exist, while `ensure_future()` falls back to the current loop. Nothing is ' +
        'reported when the target Python is older than 3.7, which has no `asyncio.create_task()`.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || !context.atLeast(3, 7)) return;
      if (context.calleeName(node) !== 'asyncio.ensure_future') return;
      const [argument] = positionalArguments(node);
      if (argument?.type !== 'call' || !callsCoroutineFunction(argument, context)) return;
      const callee = node.childForFieldName('function')!;
      const loop = keywordArgument(node, 'loop');
      // `create_task` takes no `loop=`: that loop's own `create_task` method is the equivalent.
      const loopName = loop?.type === 'identifier' || loop?.type === 'attribute' ? loop.text : 'loop';
      const instead = loop ? `${loopName}.create_task()` : 'asyncio.create_task()';
      const fixes =
        loop || hasSplatArguments(node)
          ? []
          : [{ title: 'Use create_task()', safe: true, edits: memberCalleeEdits(callee, 'asyncio', 'create_task', context) }];
      context.report(node, `'${callee.text}()' is given a coroutine; '${instead}' says plainly that it starts a task`, { fixes });
    },
  },
};
