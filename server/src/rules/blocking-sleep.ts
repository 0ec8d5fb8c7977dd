import ts from 'typescript';
import type { Rule } from '../engine/rule';

/** Calls that stop the JavaScript thread for a while (npm sleep helpers, resolved through imports). */
const NODE_BLOCKING_SLEEPS: ReadonlyMap<string, string> = new Map([
  ['Atomics.wait', "'await Atomics.waitAsync(...).value' or a timer promise"],
  ['sleep.sleep', "'await setTimeout(ms)' from node:timers/promises"],
  ['sleep.msleep', "'await setTimeout(ms)' from node:timers/promises"],
  ['sleep.usleep', "'await setTimeout(ms)' from node:timers/promises"],
  ['sleep-sync', "'await setTimeout(ms)' from node:timers/promises"],
  ['system-sleep', "'await setTimeout(ms)' from node:timers/promises"],
  ['deasync.sleep', "'await setTimeout(ms)' from node:timers/promises"],
  ['deasync.loopWhile', 'an awaited promise that resolves when the condition holds'],
]);

// `time.sleep` stops the whole event loop; the async library's own sleep suspends only the caller.
export const blockingSleep: Rule = {
  meta: {
    id: 'blocking-sleep',
    title: 'Blocking sleep inside async code',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC251'],
    checklist: 'no-blocking-sleep',
    fixable: true,
    docs: {
      summary:
        'Finds a blocking sleep called on the event loop, in the body of an async function. Python: `time.sleep()`, ' +
        'however `sleep` was imported. TypeScript and JavaScript: `Atomics.wait()` and the sleep helpers of the npm ' +
        'packages `sleep` (`sleep()`, `msleep()`, `usleep()`), `sleep-sync`, `system-sleep` and `deasync` ' +
        '(`sleep()`, `loopWhile()`).',
      why:
        'An event loop runs one thing at a time. A blocking sleep (`time.sleep()`, `Atomics.wait()`, `msleep()`) ' +
        'holds the thread, so every other task, timer and ' +
        'socket callback waits for it to return: requests stall, heartbeats miss their deadline, and timeouts ' +
        'fire late. An awaited sleep suspends only the function that called it.',
      fix:
        'Python: await the sleep of the library the module uses: `await asyncio.sleep(n)`, `await anyio.sleep(n)` or ' +
        '`await trio.sleep(n)`. If the delay is part of blocking work you cannot change, run that work with ' +
        '`asyncio.to_thread`. TypeScript and JavaScript: `await setTimeout(ms)` from `node:timers/promises` (or ' +
        '`await new Promise((resolve) => setTimeout(resolve, ms))`), and `await Atomics.waitAsync(...).value` ' +
        'instead of `Atomics.wait()`.',
      examples: {
        python: {
          bad: 'import time\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n        time.sleep(5)',
          good: 'import asyncio\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n        await asyncio.sleep(5)',
        },
        typescript: {
          bad:
            "import { msleep } from 'sleep';\n\nexport async function retry<T>(task: () => Promise<T>) {\n" +
            '  for (let attempt = 1; ; attempt++) {\n    try {\n      return await task();\n    } catch (error) {\n' +
            '      if (attempt === 3) throw error;\n      msleep(500 * attempt);\n    }\n  }\n}',
          good:
            "import { setTimeout } from 'node:timers/promises';\n\nexport async function retry<T>(task: () => Promise<T>) {\n" +
            '  for (let attempt = 1; ; attempt++) {\n    try {\n      return await task();\n    } catch (error) {\n' +
            '      if (attempt === 3) throw error;\n      await setTimeout(500 * attempt);\n    }\n  }\n}',
        },
      },
      fixSafety:
        'Safe. The call becomes `await <library>.sleep(...)` with the same argument, naming asyncio, AnyIO or trio ' +
        'after the module\'s imports, and adds the import when the module lacks it. No fix is offered inside a ' +
        'generator expression, where `await` would change what the expression produces. TypeScript and JavaScript ' +
        'findings get no fix: the replacement depends on how the code waits (a timer, or `Atomics.waitAsync`).',
      notes:
        'Calls inside a nested `def` or a `lambda` are left alone: they run wherever that function is called, ' +
        'often in a worker thread (`asyncio.to_thread(lambda: time.sleep(1))` does not block the loop). ' +
        'TypeScript and JavaScript: `Atomics.wait()` is reported only directly in an async function, where the code ' +
        'shares its thread with other work; a worker thread\'s synchronous loop that waits on shared memory is the ' +
        'intended use and is left alone, as is `Atomics.waitAsync()`. The npm helpers are recognised through ' +
        '`import` and `require` (including named imports); a local function that happens to be called `sleep` ' +
        'is not reported.',
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
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      if (!context.inAsyncContext) return;
      const call = node as ts.CallExpression;
      const name = context.calleeName(call);
      const instead = name && NODE_BLOCKING_SLEEPS.get(name);
      if (!instead) return;
      const what = name === 'sleep-sync' || name === 'system-sleep' ? `the '${name}' helper` : `${name}()`;
      context.report(call, `${what} blocks the event loop while it waits; use ${instead} instead`);
    },
  },
};
