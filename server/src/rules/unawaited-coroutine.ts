import type { Rule } from '../engine/rule';
import { callsCoroutineFunction } from './support/coroutine-calls';

// A coroutine object does nothing until awaited; dropping it silently skips the work.
export const unawaitedCoroutine: Rule = {
  meta: {
    id: 'unawaited-coroutine',
    title: 'Coroutine called but never awaited',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC105'],
    checklist: 'coroutines-awaited',
    fixable: true,
    docs: {
      summary:
        'Finds calls to coroutine functions whose result is thrown away: the call is a statement of its own, ' +
        'with no `await`, no task and no assignment.',
      why:
        'Calling an `async def` function only builds a coroutine object; none of its body runs until something ' +
        'awaits it or wraps it in a task. A bare call therefore skips the work without any error at the call site. ' +
        'The only trace is a "coroutine ... was never awaited" RuntimeWarning, printed later, when the object is ' +
        'garbage-collected, far from the line that caused it.',
      fix:
        'Put `await` in front of the call. If the work should run in the background, start it as a task in a task ' +
        'group (or keep a reference to the task) instead.',
      examples: {
        python: {
          bad: 'async def save(record):\n    ...\n\nasync def handle(record):\n    save(record)  # nothing is saved',
          good: 'async def save(record):\n    ...\n\nasync def handle(record):\n    await save(record)',
        },
      },
      fixSafety:
        'Safe inside an `async def`: the fix inserts `await`, which runs the work the call was written to do. ' +
        'Outside async code there is nowhere to await, so no fix is offered.',
      notes:
        'The callee must be known to be a coroutine function, without a type checker: an `async def` in the same ' +
        'module (directly, or through `self.`, `cls.` or `super()`, following base classes), an `async def` in another ' +
        'file of the project reached through imports, a library coroutine such as `asyncio.sleep`, or a coroutine ' +
        'method of an object whose origin is visible in the function (an aiohttp session or response, an httpx ' +
        '`AsyncClient`, an aiofiles file, an asyncpg pool or connection, a redis.asyncio client). Async generators ' +
        'and `async def`s wrapped by unknown decorators are left alone, since calling them may not produce a coroutine.',
    },
  },
  python: {
    expression_statement(node, context) {
      const call = context.statementCall(node);
      if (!call) return;
      if (!callsCoroutineFunction(call, context)) return;
      const name = call.childForFieldName('function')!.text;
      const message = `'${name}()' returns a coroutine that is never awaited, so its body never runs`;
      const fixes = context.canAwaitHere(call) ? [{ title: `Await '${name}()'`, safe: true, edits: context.awaitEdits(call) }] : [];
      context.report(call, message, { fixes });
    },
  },
};
