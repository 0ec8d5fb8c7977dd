import type { Rule } from '../engine/rule';

// `time.sleep` stops the whole event loop; the async library's own sleep suspends only the caller.
export const blockingSleep: Rule = {
  meta: {
    id: 'blocking-sleep',
    title: 'Blocking sleep inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC251'],
    checklist: 'no-blocking-calls',
    fixable: true,
    docs: {
      summary: 'Finds `time.sleep()` called on the event loop: in the body of an `async def`, however `sleep` was imported.',
      why:
        'An event loop runs one thing at a time. `time.sleep()` holds the thread, so every other task, timer and ' +
        'socket callback waits for it to return: requests stall, heartbeats miss their deadline, and timeouts ' +
        'fire late. The async library\'s sleep suspends only the coroutine that called it.',
      fix:
        'Await the sleep of the library the module uses: `await asyncio.sleep(n)`, `await anyio.sleep(n)` or ' +
        '`await trio.sleep(n)`. If the delay is part of blocking work you cannot change, run that work with ' +
        '`asyncio.to_thread`.',
      examples: {
        python: {
          bad: 'import time\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n        time.sleep(5)',
          good: 'import asyncio\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n        await asyncio.sleep(5)',
        },
      },
      fixSafety:
        'Safe. The call becomes `await <library>.sleep(...)` with the same argument, naming asyncio, AnyIO or trio ' +
        'after the module\'s imports, and adds the import when the module lacks it. No fix is offered inside a ' +
        'generator expression, where `await` would change what the expression produces.',
      notes:
        'Calls inside a nested `def` or a `lambda` are left alone: they run wherever that function is called, ' +
        'often in a worker thread (`asyncio.to_thread(lambda: time.sleep(1))` does not block the loop).',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || context.calleeName(node) !== 'time.sleep') return;
      const callee = node.childForFieldName('function')!;
      const library = context.library;
      const message = `time.sleep() blocks the event loop; use 'await ${library}.sleep()' so other tasks keep running`;
      if (!context.canAwaitHere(node)) {
        context.report(node, message);
        return;
      }
      const { reference, edits: importEdits } = context.moduleReference(library);
      const sleep = `${reference}.sleep`;
      const edits =
        node.parent?.type === 'await'
          ? [context.replace(callee, sleep)]
          : context.awaitEdits(node, { node: callee, text: sleep });
      context.report(node, message, {
        fixes: [{ title: `Replace with 'await ${library}.sleep(...)'`, safe: true, edits: [...edits, ...importEdits] }],
      });
    },
  },
};
