import type { Rule } from '../engine/rule';
import { memberCalleeEdits } from './support/module-member';

// Inside a coroutine the loop is known to be running; `get_running_loop` says so and fails
// loudly anywhere else, where `get_event_loop` would quietly find or make another loop.
export const deprecatedGetEventLoop: Rule = {
  meta: {
    id: 'deprecated-get-event-loop',
    title: '`asyncio.get_event_loop()` inside a coroutine',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'single-entry-point',
    fixable: true,
    docs: {
      summary: 'Finds `asyncio.get_event_loop()` called in the body of an `async def`, where `asyncio.get_running_loop()` is the API to use.',
      why:
        'Called from a coroutine, `get_event_loop()` happens to return the running loop, but anywhere else it falls ' +
        'back to the event loop policy, a path that has emitted DeprecationWarning since Python 3.10 and raises ' +
        'RuntimeError from 3.14 when no loop is set. When such a line moves into a callback, a worker thread or a ' +
        'sync helper, it quietly picks up (or creates) a different loop, and futures made on that loop never ' +
        'complete. `get_running_loop()` returns the same loop in a coroutine and raises a clear RuntimeError where ' +
        'no loop runs.',
      fix: 'Call `asyncio.get_running_loop()` instead.',
      examples: {
        python: {
          bad: 'import asyncio\n\nasync def read_config(path):\n    loop = asyncio.get_event_loop()\n    return await loop.run_in_executor(None, load_yaml, path)',
          good: 'import asyncio\n\nasync def read_config(path):\n    loop = asyncio.get_running_loop()\n    return await loop.run_in_executor(None, load_yaml, path)',
        },
      },
      fixSafety:
        'Safe: in a coroutine both functions return the running loop. The fix keeps the module reference as written ' +
        '(`aio.get_event_loop()` becomes `aio.get_running_loop()`); for a name imported with ' +
        '`from asyncio import get_event_loop` it uses `get_running_loop` when that is imported too, and otherwise ' +
        '`asyncio.get_running_loop()`, adding `import asyncio` when the module lacks it. No fix is offered inside a ' +
        'generator expression, which may be consumed after the coroutine has moved on.',
      notes:
        'Only calls that run on the event loop are reported: calls in a nested `def` or `lambda` may run in a thread, ' +
        'and module-level or sync-function calls are `manual-event-loop`\'s concern when they run the loop by hand. ' +
        'Nothing is reported when the target Python is older than 3.7, which has no `get_running_loop()`.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || !context.atLeast(3, 7)) return;
      if (context.calleeName(node) !== 'asyncio.get_event_loop') return;
      const callee = node.childForFieldName('function')!;
      // Where `await` could go, the call runs right here in the coroutine (not later, in a generator expression).
      const fixes = context.canAwaitHere(node)
        ? [{ title: 'Use get_running_loop()', safe: true, edits: memberCalleeEdits(callee, 'asyncio', 'get_running_loop', context) }]
        : [];
      const message = `'${callee.text}()' is the legacy way to reach the loop; in a coroutine use 'asyncio.get_running_loop()', which returns the same loop`;
      context.report(node, message, { fixes });
    },
  },
};
