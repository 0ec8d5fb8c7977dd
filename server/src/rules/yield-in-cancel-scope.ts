import type { Rule } from '../engine/rule';
import { isManagedGenerator } from './support/generators';
import { quoted } from './support/messages';
import { withBlocksAround } from './support/structured';
import { cancelScopeEntered } from './support/task-groups';

// A cancel scope belongs to the task that entered it; a yield lends that task's stack to the
// consumer while the scope is still open.
export const yieldInCancelScope: Rule = {
  meta: {
    id: 'yield-in-cancel-scope',
    title: 'Yield inside a task group or cancel scope',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC101'],
    checklist: 'scopes-well-nested',
    fixable: false,
    docs: {
      summary:
        'Finds `yield` inside a nursery or task group (`trio.open_nursery()`, `anyio.create_task_group()`, ' +
        '`asyncio.TaskGroup()`) or a cancel scope or timeout (`trio.move_on_after()`, `anyio.fail_after()`, ' +
        '`CancelScope()`, `asyncio.timeout()`...) in a generator that is not a context manager or a pytest fixture.',
      why:
        'While the generator is suspended at the `yield`, the scope stays open but the code running is the ' +
        'consumer\'s. When the deadline passes or a child task fails, the cancellation or the child\'s error is ' +
        'delivered to whatever the consumer is awaiting at that moment: its own `except` clauses see an exception ' +
        'that belongs to the generator, a timeout cancels unrelated work, and the scope can be exited in the wrong ' +
        'order, which trio and AnyIO report as a corrupted cancel stack. If the consumer stops iterating, the scope ' +
        'is only exited when the generator is closed or collected, possibly from another task.',
      fix:
        'Keep the scope inside one step of the generator (open and close it between two yields), or move the ' +
        'scope out to the consumer. If the generator is really a resource to enter, decorate it with ' +
        '`@asynccontextmanager` (`@contextmanager`). To stream values produced by background tasks, run the ' +
        'producer in a task group and send the values over a memory channel or queue (trio\'s ' +
        '`@trio.as_safe_channel` does this for an async generator).',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def readings(sensor):\n    with trio.move_on_after(60):\n        while True:\n' +
            '            yield await sensor.read()',
          good:
            'import trio\n\nasync def readings(sensor):\n    while True:\n        with trio.move_on_after(5):\n' +
            '            value = await sensor.read()\n        yield value',
        },
      },
      notes:
        'Generators decorated with `contextmanager`, `asynccontextmanager` or `fixture` (from any module, or an alias ' +
        'of one) are left alone, as in flake8-async; unlike it, `@trio.as_safe_channel` and ' +
        '`@trio_util.trio_async_generator`, which run the generator in a task of its own, are left alone too, and an ' +
        'alias such as `from contextlib import contextmanager as cm` is recognised. A `yield` in a function nested ' +
        'inside the block is not reported. Scopes entered the wrong way (`with trio.open_nursery()`, ' +
        '`async with trio.CancelScope()`, `with asyncio.timeout()`), which flake8-async reports too, are left to ' +
        'the error they raise when entered (`sync-with-async-cm` reports the task groups). Third-party context ' +
        'managers that hold a nursery or cancel scope (trio-websocket, trio-asyncio, trio-parallel, trio-util, ' +
        'qtrio, AnyIO\'s blocking portals, asgi-lifespan, APScheduler, the MCP SDK clients) count as in flake8-async. ' +
        'A `yield` inside both a scope and another context manager of an async generator is also reported by ' +
        '`yield-in-async-generator-context`, which covers the other manager; a `yield` inside scopes only is ' +
        'reported here alone, where flake8-async reports ASYNC119 as well.',
    },
  },
  python: {
    yield(node, context) {
      const frame = context.currentFunction;
      if (!frame || frame.kind === 'lambda' || isManagedGenerator(frame.node, context)) return;
      for (const { statement, managers } of withBlocksAround(node)) {
        for (const manager of managers) {
          const scope = cancelScopeEntered(manager, statement, context);
          if (scope === undefined) continue;
          context.report(
            node,
            `This \`yield\` suspends the generator inside the ${scope} \`${quoted(manager)}\`, so its cancellation or ` +
              'errors land in the consumer\'s code; close the scope before yielding, or make the generator a context manager',
          );
          return;
        }
      }
    },
  },
};
