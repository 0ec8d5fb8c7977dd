import type { Rule } from '../engine/rule';
import { isManagedGenerator } from './support/generators';
import { quoted } from './support/messages';
import { withBlocksAround } from './support/structured';
import { cancelScopeEntered } from './support/task-groups';

// An async generator that stops being iterated stays suspended at its yield; nothing runs its
// `__aexit__` until someone closes it.
export const yieldInAsyncGeneratorContext: Rule = {
  meta: {
    id: 'yield-in-async-generator-context',
    title: 'Yield inside a context manager in an async generator',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC119'],
    checklist: 'async-generators-closed',
    fixable: false,
    docs: {
      summary:
        'Finds `yield` inside a `with` or `async with` block of an async generator (one not decorated with ' +
        '`@asynccontextmanager` or as a pytest fixture): a connection, lock, file or session held open across the yield.',
      why:
        'When the consumer stops iterating early (a `break`, an exception, a cancelled task), the generator stays ' +
        'suspended at the `yield` with the block still open. Its cleanup runs only when the generator is closed: ' +
        'by an explicit `aclose()`, or by the event loop\'s finalizer once the generator is garbage-collected, at ' +
        'an unpredictable moment, in another task, and not at all if the loop shuts down first. Until then the ' +
        'connection is not returned to its pool, the lock stays held, the file stays open; and the cleanup that ' +
        'finally runs can no longer await reliably.',
      fix:
        'If the generator exists to provide a resource, make it an `@asynccontextmanager`. Otherwise leave the ' +
        'block before each `yield` (read a batch, close, yield the batch), or pass the open resource in from the ' +
        'caller. Callers that iterate such a generator should close it deterministically with ' +
        '`async with contextlib.aclosing(gen()) as items:`.',
      examples: {
        python: {
          bad:
            'async def rows(pool, query):\n    async with pool.acquire() as conn:\n' +
            '        async for row in conn.cursor(query):\n            yield row',
          good:
            'from contextlib import asynccontextmanager\n\n@asynccontextmanager\nasync def rows(pool, query):\n' +
            '    async with pool.acquire() as conn:\n        yield conn.cursor(query)',
        },
      },
      notes:
        'Generators decorated with `asynccontextmanager` or `fixture` (from any module, or an alias of one), ' +
        '`@trio.as_safe_channel` or `@trio_util.trio_async_generator` are left alone; flake8-async leaves alone ' +
        'only the first two unless configured. A `yield` in a function nested inside the block is not reported. ' +
        'Nurseries, task groups, cancel scopes and timeouts are left to `yield-in-cancel-scope`, which reports the ' +
        'worse failure they cause: a `yield` inside only such scopes is reported there alone, while flake8-async ' +
        'reports it under both ASYNC101 and ASYNC119. A `yield` inside a scope and another context manager is ' +
        'reported by both rules, each naming its own manager. Plain generators (`def`) are not checked: they are ' +
        'closed as soon as the last reference goes.',
    },
  },
  python: {
    yield(node, context) {
      const frame = context.currentFunction;
      if (frame?.kind !== 'async' || isManagedGenerator(frame.node, context)) return;
      for (const { statement, managers } of withBlocksAround(node)) {
        const manager = managers.find((candidate) => cancelScopeEntered(candidate, statement, context) === undefined);
        if (!manager) continue;
        context.report(
          node,
          `This \`yield\` suspends the async generator inside \`${quoted(manager)}\`, whose cleanup waits until the ` +
            'generator is closed if the consumer stops early; make it an @asynccontextmanager or leave the block before yielding',
        );
        return;
      }
    },
  },
};
