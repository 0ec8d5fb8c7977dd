import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { isAsyncStatement, withManagers } from '../engine/python/syntax';
import { instanceOrigin } from './support/instances';
import { quoted } from './support/messages';
import { ASYNC_ONLY_CONTEXT_MANAGERS, ASYNC_ONLY_CONTEXT_METHODS } from './support/resources';

/** What an async-only manager is (`asyncio.Lock`, `aiohttp.ClientSession.get()`), or undefined. */
function asyncOnlyKind(manager: Node, context: PythonContext): string | undefined {
  const origin = instanceOrigin(manager, context);
  if (!origin) return undefined;
  const [method, ...rest] = origin.chain;
  if (method === undefined) return ASYNC_ONLY_CONTEXT_MANAGERS.has(origin.factory) ? origin.factory : undefined;
  if (rest.length > 0 || !ASYNC_ONLY_CONTEXT_METHODS.get(origin.factory)?.has(method)) return undefined;
  // `session.get(url)` is the request; `session.get` alone is only the method.
  return manager.type === 'call' ? `${origin.factory}.${method}()` : undefined;
}

/** True where `async with` may stand: directly in an `async def` body, not in a nested class or lambda. */
function canUseAsyncWith(node: Node, context: PythonContext): boolean {
  const frame = context.currentFunction;
  if (frame?.kind !== 'async') return false;
  for (let up = node.parent; up && !up.equals(frame.node); up = up.parent) {
    if (up.type === 'class_definition') return false;
  }
  return true;
}

// Async-only managers have no `__enter__` (or one that raises): the `with` line itself fails.
export const syncWithAsyncCm: Rule = {
  meta: {
    id: 'sync-with-async-cm',
    title: 'Plain `with` on an async context manager',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'resources-closed',
    fixable: true,
    docs: {
      summary:
        'Finds `with` (without `async`) entering an object that only supports `async with`: asyncio, AnyIO and trio ' +
        'locks, semaphores, conditions, capacity limiters and task groups, `asyncio.timeout()`, aiohttp sessions and ' +
        'their requests, `httpx.AsyncClient`, `aiofiles.open()` and asyncpg pools, whether created on the spot, ' +
        'held in a variable of the same function, in an annotated parameter, or in a `self.` attribute set in the same class.',
      why:
        'These objects implement only `__aenter__`/`__aexit__`. The `with` statement looks up `__enter__`, so the line ' +
        'raises `TypeError` (or `AttributeError` on older Pythons) before the body runs; aiohttp raises on purpose with ' +
        '"Use async with instead". The lock is never taken, the session never used: the code path fails every time it is reached.',
      fix: 'Write `async with` instead of `with`. Outside an `async def` there is no way to enter them: move the code into a coroutine.',
      examples: {
        python: {
          bad:
            'import asyncio\n\n\nclass Cache:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n\n' +
            '    async def refresh(self):\n        with self._lock:\n            self._data = await load()',
          good:
            'import asyncio\n\n\nclass Cache:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n\n' +
            '    async def refresh(self):\n        async with self._lock:\n            self._data = await load()',
        },
      },
      fixSafety:
        'Safe: the statement becomes `async with`, the only way these objects can be entered, so code that could only ' +
        'raise now does what it was written to do. Offered inside an `async def` when every item of the `with` is ' +
        'async-only; a `with` that also enters a plain context manager must be split by hand, and code outside an ' +
        '`async def` gets no fix.',
      notes:
        'AnyIO and trio cancel scopes (`fail_after`, `move_on_after`, `CancelScope`) are plain context managers and are ' +
        'never reported; `asyncio.Event` is no context manager at all. A variable counts only when every assignment to ' +
        'it in its function (or, for `self.x`, in its class) makes the same kind of object; a value that comes from ' +
        'elsewhere (a module-level global, a factory function, `await asyncpg.create_pool()`) is left alone. ' +
        '`async_timeout.timeout()` is left alone too: it accepted plain `with` until version 5.',
    },
  },
  python: {
    with_statement(node, context) {
      if (isAsyncStatement(node)) return;
      const managers = withManagers(node);
      const kinds = managers.map((manager) => asyncOnlyKind(manager, context));
      const first = kinds.findIndex((kind) => kind !== undefined);
      if (first < 0) return;
      const manager = managers[first];
      const inAsync = canUseAsyncWith(node, context);
      const instead = inAsync ? "use 'async with'" : "enter it with 'async with' inside an async function";
      // A constructor call names its own kind; a variable or a request gets it spelled out.
      const kind = manager.type === 'call' && kinds[first] === context.calleeName(manager) ? '' : ` (${kinds[first]})`;
      const message = `'${quoted(manager)}'${kind} only supports 'async with'; plain 'with' raises at run time, so ${instead}`;
      const fixable = inAsync && kinds.every((kind) => kind !== undefined);
      context.report(manager, message, {
        fixes: fixable ? [{ title: "Use 'async with'", safe: true, edits: [context.insertBefore(node, 'async ')] }] : [],
      });
    },
  },
};
