import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { type AsyncLibrary, lastName } from '../engine/python/imports';
import {
  descendantsInScope,
  enclosingWiths,
  parameterName,
  positionalArguments,
  unparenthesized,
  withTarget,
} from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { hasDecoratorNamed } from './support/decorators';
import { quoted } from './support/messages';
import { annotatedClass, isStartableReference } from './support/startables';
import { TASK_GROUP_TYPES, type TaskGroupKind, taskGroupOf } from './support/task-groups';

const YIELD = new Set(['yield']);
const ASSIGNMENT = new Set(['assignment']);
const CALL = new Set(['call']);

/** Code that runs before a context manager hands out its value, and how the message says so. */
interface Handout {
  readonly fn: Node;
  /** Where the hand-out happens: the first `yield`, or the end of `__aenter__`. */
  readonly at: number;
  /** "`__aenter__` can return" / "the context manager can yield". */
  readonly early: string;
}

const ASYNC_CONTEXT_MANAGER: ReadonlySet<string> = new Set(['asynccontextmanager']);

/** The `__aenter__` or `@asynccontextmanager` function whose code before the first `yield` holds the call. */
function handoutAround(call: Node, context: PythonContext): Handout | undefined {
  const frame = context.currentFunction;
  const body = frame?.node.childForFieldName('body');
  if (frame?.kind !== 'async' || !body) return undefined;
  const isAenter = frame.node.childForFieldName('name')?.text === '__aenter__';
  if (!isAenter && !hasDecoratorNamed(frame.node, context, ASYNC_CONTEXT_MANAGER)) return undefined;
  const at = Math.min(body.endIndex, ...descendantsInScope(body, YIELD).map((found) => found.startIndex));
  if (call.startIndex > at) return undefined;
  return { fn: frame.node, at, early: isAenter ? '`__aenter__` can return' : 'the context manager can yield' };
}

/**
 * True when the function waits on something (`await ready.wait()`, an event the task sets when
 * it is ready) between starting the task and handing out: the readiness is signalled another way.
 */
function waitsBeforeHandout(call: Node, handout: Handout): boolean {
  const body = handout.fn.childForFieldName('body');
  return (body ? descendantsInScope(body, CALL) : []).some((other) => {
    const callee = other.childForFieldName('function');
    return (
      other.startIndex > call.endIndex &&
      other.startIndex < handout.at &&
      callee?.type === 'attribute' &&
      callee.childForFieldName('attribute')?.text === 'wait'
    );
  });
}

/** `await <group>.__aenter__()` or `await stack.enter_async_context(<group>)`: the group the expression enters. */
function enteredTaskGroup(value: Node, context: PythonContext): TaskGroupKind | undefined {
  const awaited = value.type === 'await' ? value.firstNamedChild : null;
  const callee = awaited?.type === 'call' ? awaited.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || !awaited) return undefined;
  const method = callee.childForFieldName('attribute')?.text;
  if (method === '__aenter__') {
    const object = callee.childForFieldName('object');
    return object ? taskGroupOf(object, context) : undefined;
  }
  const [entered] = method === 'enter_async_context' ? positionalArguments(awaited) : [];
  return entered ? taskGroupOf(entered, context) : undefined;
}

function annotatedTaskGroup(annotation: Node | null, context: PythonContext): TaskGroupKind | undefined {
  const annotated = annotatedClass(annotation);
  const name = annotated ? context.qualifiedName(annotated) : undefined;
  return name === undefined ? undefined : TASK_GROUP_TYPES.get(name);
}

type Receiver =
  /** A task group that is still open when the context is handed out; its library when known. */
  | { readonly open: true; readonly kind: TaskGroupKind | undefined }
  /** A task group whose `async with` ends before the hand-out: it waits for the task there. */
  | { readonly open: false };

/**
 * Whether the object `start_soon` / `create_task` is called on holds a task group: bound by a
 * `with` around the call, annotated as one in the function (a parameter or an assignment),
 * assigned from entering one, or named like one (`nursery`, `self._nursery`, `task_group`).
 */
function taskGroupReceiver(object: Node, call: Node, fn: Node, context: PythonContext): Receiver | undefined {
  const text = object.text.replace(/\s+/g, '');
  if (object.type === 'identifier') {
    binding: for (const { statement, managers } of enclosingWiths(call)) {
      for (const manager of managers) {
        if (withTarget(manager) !== text) continue;
        const kind = taskGroupOf(manager, context);
        if (!kind) break binding;
        const body = statement.childForFieldName('body');
        return body && descendantsInScope(body, YIELD).length > 0 ? { open: true, kind } : { open: false };
      }
    }
    for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (parameter && parameterName(parameter) === text) {
        const kind = annotatedTaskGroup(parameter.childForFieldName('type'), context);
        if (kind) return { open: true, kind };
      }
    }
  }
  const body = fn.childForFieldName('body');
  for (const assignment of body ? descendantsInScope(body, ASSIGNMENT) : []) {
    if (assignment.childForFieldName('left')?.text.replace(/\s+/g, '') !== text) continue;
    const right = assignment.childForFieldName('right');
    const kind = annotatedTaskGroup(assignment.childForFieldName('type'), context) ?? (right ? enteredTaskGroup(right, context) : undefined);
    if (kind) return { open: true, kind };
  }
  const name = object.type === 'attribute' ? object.childForFieldName('attribute')?.text : object.type === 'identifier' ? object.text : undefined;
  return name !== undefined && (name.endsWith('nursery') || name.endsWith('task_group')) ? { open: true, kind: undefined } : undefined;
}

/**
 * The function a start call runs: its first argument, seen through `functools.partial(fn, ...)`;
 * for `create_task`, the function whose coroutine it is given (`serve()` -> `serve`).
 */
function startedFunction(call: Node, method: string): Node | undefined {
  const [first] = positionalArguments(call);
  let target = first ? unparenthesized(first) : undefined;
  if (target?.type === 'call') {
    const callee = target.childForFieldName('function');
    if (callee && lastName(callee.text) === 'partial') target = positionalArguments(target)[0];
    else target = method === 'create_task' ? (callee ?? undefined) : undefined;
  }
  return target?.type === 'identifier' || target?.type === 'attribute' ? target : undefined;
}

/**
 * Unsafe: `n.start_soon(fn, ...)` -> `await n.start(fn, ...)`, for a call that is a statement of
 * its own (its value, always None, is not used) where `await` is allowed.
 */
function startFix(call: Node, method: Node, context: PythonContext): Fix[] {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || !context.statementCall(statement)?.equals(call) || !context.canAwaitHere(call)) return [];
  return [{ title: "Use 'await ...start()'", safe: false, edits: [context.replace(method, 'start'), ...context.awaitEdits(call)] }];
}

// A context manager promises a ready resource: a service started with start_soon may not be
// listening yet when the `async with` body begins.
export const startSoonInAenter: Rule = {
  meta: {
    id: 'start-soon-in-aenter',
    title: 'Service started with start_soon() before a context manager hands out',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC113'],
    checklist: 'startup-signalled',
    fixable: true,
    docs: {
      summary:
        'Finds `nursery.start_soon(fn, ...)` / `task_group.start_soon(fn, ...)` in `__aenter__`, or in an ' +
        '`@asynccontextmanager` function before its `yield`, where `fn` is startable: it takes `task_status` and ' +
        'reports when it is ready (`trio.serve_tcp`, `trio.run_process`, functions declared in ' +
        '`awaitwise.python.startableFunctions`, and startable functions defined in the same file). In asyncio, ' +
        '`tg.create_task(fn(...))` is reported for declared functions.',
      why:
        '`start_soon()` only schedules the task: it returns before the task has run at all. A context manager ' +
        'that starts its server this way and then returns from `__aenter__` (or yields) hands the `async with` body ' +
        'a service that is not listening yet, so the first connection, request or message races the startup and ' +
        'fails now and then, typically in tests and on loaded machines. A startup error, such as a port already in ' +
        'use, also surfaces later, as a crash of the task group instead of an error from entering the context.',
      fix:
        'Start it with `await nursery.start(fn, ...)` (trio) or `await task_group.start(fn, ...)` (AnyIO): it ' +
        'returns once `fn` calls `task_status.started()`, with the value passed to it (the listeners, the process), ' +
        'and raises if `fn` fails before that. asyncio has no `start()`: have the task set an `asyncio.Event` when ' +
        'it is ready and await it before returning or yielding.',
      examples: {
        python: {
          bad:
            'import trio\n\nclass EchoServer:\n    def __init__(self, nursery):\n        self._nursery = nursery\n\n' +
            '    async def __aenter__(self):\n        self._nursery.start_soon(trio.serve_tcp, self.handle, 8000)\n        return self',
          good:
            'import trio\n\nclass EchoServer:\n    def __init__(self, nursery):\n        self._nursery = nursery\n\n' +
            '    async def __aenter__(self):\n        self.listeners = await self._nursery.start(trio.serve_tcp, self.handle, 8000)\n' +
            '        return self',
        },
      },
      fixSafety:
        'Unsafe, offered as a suggestion only: it replaces `n.start_soon(fn, ...)` with `await n.start(fn, ...)`, ' +
        'which now waits until `fn` calls `task_status.started()` and raises if it fails first, which is the point, ' +
        'but it hangs if `fn` never calls it and fails if `fn` takes no `task_status`. Offered only where the call is ' +
        'a statement of its own, and never for asyncio.',
      notes:
        'The receiver must be a task group: bound by the `async with` (or `with`) around the call, annotated as ' +
        '`trio.Nursery`, `anyio.abc.TaskGroup` or `asyncio.TaskGroup` in the function (also through `Optional[...]` ' +
        'or `| None`, which flake8-async misses), assigned from `await stack.enter_async_context(<task group>)`, or ' +
        'named like one (ending in `nursery` or `task_group`). Left alone: a task group whose own block ends before ' +
        'the hand-out, since it waits for the task there (flake8-async skips every `with` block without a `yield`, ' +
        'a timeout\'s included); and a call followed, before the hand-out, by a `.wait()` call such as ' +
        '`await ready.wait()`, the readiness signalled another way (flake8-async reports it). ' +
        '`functools.partial(fn, ...)` is seen through, but unlike flake8-async a startable name among the arguments ' +
        'of other calls (`partial(print, trio.run_process)`) is not reported. Beyond flake8-async, startable ' +
        'functions defined in the same file, or methods of the same class used as `self.method`, are recognised ' +
        'without configuration. Names spelled like trio\'s startables count when they are local wrappers, not when ' +
        'they name a function of this file that takes no `task_status` or a function imported from elsewhere ' +
        '(`anyio.run_process` is not startable); a method named `serve` counts in trio code only, since AnyIO\'s ' +
        '`Listener.serve()` takes no `task_status`. In asyncio code only declared functions count, passed by ' +
        'reference as flake8-async checks or called (`tg.create_task(serve_admin())`).',
    },
  },
  python: {
    call(node, context) {
      const callee = node.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : null;
      const written = callee?.childForFieldName('object');
      const object = written ? unparenthesized(written) : undefined;
      if (!method || !object || (method.text !== 'start_soon' && method.text !== 'create_task')) return;
      const handout = handoutAround(node, context);
      const receiver = handout ? taskGroupReceiver(object, node, handout.fn, context) : undefined;
      if (!handout || !receiver?.open || (receiver.kind && !receiver.kind.startMethods.has(method.text))) return;
      const target = startedFunction(node, method.text);
      const library: AsyncLibrary =
        method.text === 'create_task' ? 'asyncio' : (receiver.kind?.library ?? (context.library === 'anyio' ? 'anyio' : 'trio'));
      if (!target || !isStartableReference(target, library, context) || waitsBeforeHandout(node, handout)) return;
      const group = quoted(object);
      const what = `\`${group}.${method.text}()\` returns before \`${quoted(target)}\` is ready, so ${handout.early} first`;
      if (library === 'asyncio') {
        context.report(node, `${what}; have the task set an \`asyncio.Event\` when it is ready and await that before handing out`);
        return;
      }
      context.report(node, `${what}; use \`await ${group}.start(...)\`, which waits until it calls \`task_status.started()\``, {
        fixes: startFix(node, method, context),
      });
    },
  },
};
