import type { AsyncLibrary } from '../engine/python/imports';
import { isAsyncFunction, isGenerator } from '../engine/python/symbols';
import type { Rule } from '../engine/rule';
import { isManagedGenerator } from './support/generators';

/** What each library offers instead of a bare async generator. */
const ALTERNATIVE: Readonly<Record<AsyncLibrary, string>> = {
  trio: '`@trio.as_safe_channel`, `@asynccontextmanager` or a function that sends into a channel',
  anyio: '`@asynccontextmanager` or a function that sends into a memory object stream',
  asyncio: '`@asynccontextmanager` or a task that feeds an `asyncio.Queue`',
};

// PEP 533: nothing closes an async generator when its consumer stops early, so its cleanup
// runs whenever the garbage collector or the loop's shutdown gets to it.
export const asyncGeneratorUnsafe: Rule = {
  meta: {
    id: 'async-generator-unsafe',
    title: 'Async generator',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: false,
    aliases: ['ASYNC900'],
    checklist: 'async-generators-closed',
    fixable: false,
    docs: {
      summary:
        'Finds async generators (`async def` functions containing `yield`) that no decorator turns into something ' +
        'safe: `@asynccontextmanager`, a pytest fixture, or `@trio.as_safe_channel`. Off by default, as in ' +
        'flake8-async: enable it to keep async generators out of a code base.',
      why:
        'An async generator is not closed when its consumer stops iterating early (a `break`, an exception, a ' +
        'cancelled task; PEP 533). Its `finally` blocks and `async with` exits run only when someone calls ' +
        '`aclose()`, or when the event loop finalizes it after garbage collection: late, in another task, outside ' +
        'the cancel scopes and task groups it was written for, and not at all if the loop shuts down first. A ' +
        '`yield` inside a nursery or cancel scope also lets cancellation and errors leak into the consumer.',
      fix:
        'Turn the generator into a context manager that hands out an iterable (`@asynccontextmanager` yielding a ' +
        'channel or stream), or into a task that sends its values into a channel, `trio.as_safe_channel` in trio. ' +
        'Where a generator stays, callers must close it deterministically: ' +
        '`async with contextlib.aclosing(gen()) as items: async for item in items: ...`.',
      examples: {
        python: {
          bad:
            'import anyio\n\nasync def read_lines(path):\n    async with await anyio.open_file(path) as f:\n' +
            '        async for line in f:\n            yield line.rstrip()',
          good:
            'from contextlib import asynccontextmanager\n\nimport anyio\n\n@asynccontextmanager\nasync def open_lines(path):\n' +
            '    async with await anyio.open_file(path) as f:\n        yield f  # the caller iterates it inside its async with',
        },
      },
      notes:
        'Decorators are matched by their last name, from any module or through an alias: `asynccontextmanager`, ' +
        '`fixture` (pytest, pytest-asyncio) and `contextmanager`, plus `trio.as_safe_channel` and ' +
        '`trio_util.trio_async_generator`, which run the generator in a task of their own. flake8-async also ' +
        'accepts decorators listed in its `--transform-async-generator-decorators` option, which has no ' +
        'counterpart here (suppress the finding instead), and accepts `as_safe_channel` only in trio code. A `yield` ' +
        'inside a nested function or lambda does not make the outer function a generator.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name');
      if (!name || !isAsyncFunction(node) || !isGenerator(node) || isManagedGenerator(node, context)) return;
      context.report(
        name,
        `Async generator \`${name.text}\` is not closed when its consumer stops early, so its cleanup may run late or never; ` +
          `use ${ALTERNATIVE[context.library]} instead`,
      );
    },
  },
};
