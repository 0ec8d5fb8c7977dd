import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { namesRead, positionalArguments } from '../engine/python/syntax';
import { callsCoroutineFunction, isCoroutineFunction } from './support/coroutine-calls';
import { offloadedFunction } from './support/executors';

/** A lambda's parameter names: a callee among them is whatever the caller passes, not a known function. */
function lambdaParameters(lambda: Node): Set<string> {
  const parameters = lambda.childForFieldName('parameters');
  return new Set(parameters ? parameters.descendantsOfType('identifier').map((identifier) => identifier?.text ?? '') : []);
}

/**
 * What the worker would be handed that only produces a coroutine: an async function itself
 * (`fetch`, `self.fetch`), `functools.partial` of one, a lambda that calls one, or a coroutine
 * object already made by calling one (`fetch(url)`).
 */
function coroutineHandedOver(fn: Node, context: PythonContext): 'async function' | 'wrapper' | 'coroutine' | undefined {
  if (fn.type === 'identifier' || fn.type === 'attribute') return isCoroutineFunction(fn, context) ? 'async function' : undefined;
  if (fn.type === 'lambda') {
    const body = fn.childForFieldName('body');
    const callee = body?.type === 'call' ? body.childForFieldName('function') : null;
    const shadowed = callee ? namesRead(callee).some((read) => lambdaParameters(fn).has(read.text)) : true;
    return body && !shadowed && callsCoroutineFunction(body, context) ? 'wrapper' : undefined;
  }
  if (fn.type !== 'call') return undefined;
  if (context.calleeName(fn) === 'functools.partial') {
    const wrapped = positionalArguments(fn)[0];
    return wrapped && coroutineHandedOver(wrapped, context) === 'async function' ? 'wrapper' : undefined;
  }
  return callsCoroutineFunction(fn, context) ? 'coroutine' : undefined;
}

// Worker threads call plain functions; an async function called there only builds a coroutine nobody runs.
export const executorCoroutine: Rule = {
  meta: {
    id: 'executor-coroutine',
    title: 'Async function run in a worker thread',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'coroutines-awaited',
    fixable: false,
    docs: {
      summary:
        'Finds an async function, or a coroutine object, handed to `loop.run_in_executor()`, `asyncio.to_thread()`, ' +
        '`anyio.to_thread.run_sync()`, `anyio.to_process.run_sync()` or `trio.to_thread.run_sync()`.',
      why:
        'These calls run a plain function in a worker and give back what it returns. Calling an `async def` ' +
        'function only creates a coroutine object, so none of its body runs: with asyncio and AnyIO threads the ' +
        'caller receives that unstarted coroutine as its "result", and Python later warns that it was never ' +
        'awaited; trio raises `TypeError` instead, and a worker process fails because a coroutine cannot be ' +
        'pickled. Passing an already-made coroutine object fails too: it is not callable, so the call raises ' +
        '`TypeError` and the coroutine is never run.',
      fix:
        'Await the coroutine function directly on the event loop: `await fetch(url)` instead of ' +
        '`await asyncio.to_thread(fetch, url)`. If the function really blocks (it calls blocking libraries despite ' +
        'being `async def`), make it a plain `def` and keep it in the worker thread.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def fetch_report(client, report_id):\n    ...\n\n' +
            'async def handler(client, report_id):\n    return await asyncio.to_thread(fetch_report, client, report_id)',
          good:
            'import asyncio\n\nasync def fetch_report(client, report_id):\n    ...\n\n' +
            'async def handler(client, report_id):\n    return await fetch_report(client, report_id)',
        },
      },
      notes:
        'The function must be known to be a coroutine function, as for `unawaited-coroutine`: an `async def` of ' +
        'the module (also through `self.` and `cls.`), of another project file, or a well-known library ' +
        'coroutine. `functools.partial(...)` of one and a `lambda` that calls one count as well. ' +
        '`executor.submit(...)` is not checked, since its receiver is rarely known to be an executor.',
    },
  },
  python: {
    call(node, context) {
      const fn = offloadedFunction(node, context);
      const handedOver = fn ? coroutineHandedOver(fn, context) : undefined;
      if (!fn || !handedOver) return;
      const runner = `${node.childForFieldName('function')!.text}()`;
      const messages = {
        'async function':
          `'${fn.text}' is an async function, so ${runner} only creates a coroutine in the worker and its body never runs; ` +
          `await ${fn.text}(...) directly instead`,
        wrapper:
          `This ${fn.type === 'lambda' ? 'lambda' : 'partial'} returns a coroutine, so ${runner} only creates it in the worker ` +
          "and the async function's body never runs; await the call directly instead",
        coroutine: `'${fn.text}' is already a coroutine object, which ${runner} cannot call, so it never runs; await it directly instead`,
      };
      context.report(fn, messages[handedOver]);
    },
  },
};
