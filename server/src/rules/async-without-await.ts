import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { isAsyncFunction, isGenerator } from '../engine/python/symbols';
import { containsAwait, decoratorsOf, descendantsInScope } from '../engine/python/syntax';

/** Decorators that only change how a method is bound; any other decorator hands the function to someone. */
const BINDING_DECORATORS = new Set(['staticmethod', 'classmethod']);

/**
 * Calls that only work with an event loop running: a coroutine that makes them is async so
 * that it runs on the loop, even if it never suspends.
 */
const LOOP_BOUND_CALLS = new Set([
  'asyncio.create_task',
  'asyncio.ensure_future',
  'asyncio.get_running_loop',
  'asyncio.current_task',
  'asyncio.all_tasks',
  'anyio.get_current_task',
  'anyio.current_time',
  'anyio.current_effective_deadline',
  'anyio.lowlevel.current_token',
  'trio.current_time',
  'trio.current_effective_deadline',
  'trio.lowlevel.current_task',
  'trio.lowlevel.current_root_task',
  'trio.lowlevel.current_trio_token',
  'sniffio.current_async_library',
]);
/** Methods of loops, task groups and nurseries that need the loop to be running. */
const LOOP_BOUND_METHODS = new Set(['create_task', 'start_soon']);
const CALLS = new Set(['call']);

/** A body that only declares the function: docstring, `...`, `pass`, `raise NotImplementedError`. */
function isStubBody(body: Node): boolean {
  return body.namedChildren.every((statement) => {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement') return true;
    if (statement.type === 'expression_statement') {
      const expression = statement.namedChild(0);
      return statement.namedChildCount === 1 && (expression?.type === 'string' || expression?.type === 'ellipsis');
    }
    if (statement.type === 'raise_statement') {
      const raised = statement.namedChild(0);
      const name = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
      return name?.text === 'NotImplementedError';
    }
    return false;
  });
}

/**
 * Methods whose signature someone else dictates: overrides (any base class besides `object`,
 * which includes protocols and ABCs) and dunder methods (`__aenter__`, `__anext__`...).
 */
function isDictatedMethod(fn: Node, name: string): boolean {
  if (/^__\w+__$/.test(name)) return true;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  const owner = holder?.type === 'block' ? holder.parent : null;
  if (owner?.type !== 'class_definition') return false;
  const bases = owner.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => base !== null && base.type !== 'comment' && base.text !== 'object');
}

function usesRunningLoop(body: Node, context: PythonContext): boolean {
  return descendantsInScope(body, CALLS).some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'attribute' && LOOP_BOUND_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return true;
    return LOOP_BOUND_CALLS.has(context.calleeName(call) ?? '');
  });
}

// An `async def` that never suspends costs its callers an `await` and a coroutine object for
// nothing, and often means an `await` was lost in a refactor.
export const asyncWithoutAwait: Rule = {
  meta: {
    id: 'async-without-await',
    title: 'Async function that never awaits',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: false,
    aliases: ['ASYNC124', 'RUF029'],
    checklist: 'async-functions-await',
    fixable: false,
    docs: {
      summary:
        'Finds `async def` functions whose own body has no `await`, `async for` or `async with` (code in nested ' +
        'functions does not count).',
      why:
        'Such a function never gives other tasks a turn, so it runs exactly like a plain function, but every caller ' +
        'still has to `await` it and pay for a coroutine object. It cannot be called from sync code, and a caller ' +
        'that forgets the `await` silently skips the work. Often it means an `await` went missing: a call to a ' +
        'coroutine was left without one, or the async call was replaced by a sync one.',
      fix:
        'Make it a plain `def` and drop the `await` at its call sites, or add the missing `await` if the body ' +
        'was meant to wait for something.',
      examples: {
        python: {
          bad: 'async def cache_key(user_id, locale):\n    return f"user:{user_id}:{locale}"',
          good: 'def cache_key(user_id, locale):\n    return f"user:{user_id}:{locale}"',
        },
      },
      notes:
        'Off by default, and tuned for precision: it stays silent where the `async` is required by something else. ' +
        'Left alone are: functions with any decorator other than `@staticmethod` / `@classmethod` (routes such as ' +
        '`@app.get(...)`, `@pytest.fixture`, `@pytest.mark.asyncio` tests, bot commands, `@override`, ' +
        '`@abstractmethod`: a decorator receives the function and usually requires a coroutine function); methods ' +
        'of classes with a base other than `object` (overrides, protocols, ABCs); dunder methods such as ' +
        '`__aenter__`, `__aexit__` and `__anext__`; bodies that only declare the function (a docstring, `...`, ' +
        '`pass`, `raise NotImplementedError`); async generators; and functions that need a running loop without ' +
        'suspending, because they call `asyncio.create_task()`, `asyncio.get_running_loop()`, ' +
        '`asyncio.current_task()`, a `.create_task()` / `.start_soon()` method or similar. Callbacks registered ' +
        'by reference in another statement (`app.router.add_get("/", handler)`, Starlette `Route`s) cannot be ' +
        'seen; suppress those with `# noqa: ASYNC124`. Unlike RUF029, no fix is offered, since every caller ' +
        'would have to change.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name')?.text;
      const body = node.childForFieldName('body');
      if (!name || !body || !isAsyncFunction(node) || containsAwait(body) || isGenerator(node)) return;
      if (decoratorsOf(node).some((decorator) => !BINDING_DECORATORS.has(decorator.text))) return;
      if (isStubBody(body) || isDictatedMethod(node, name) || usesRunningLoop(body, context)) return;
      context.report(node.childForFieldName('name')!, `'async def ${name}' never awaits; make it a plain 'def' or await what it was meant to wait for`);
    },
  },
};
