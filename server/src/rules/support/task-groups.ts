// The context managers that own child tasks: trio's nursery, AnyIO's task group and asyncio's
// TaskGroup. Each holds a cancel scope, waits for its children when the block ends, and may
// cancel the code in its body; every structured-concurrency rule asks these questions here.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';
import { isAsyncStatement, namesRead, withManagers, withTarget } from '../../engine/python/syntax';
import { timeoutScopeOf } from './scopes';

export interface TaskGroupKind {
  readonly library: AsyncLibrary;
  /** What the library's docs call it: a nursery in trio, a task group elsewhere. */
  readonly noun: 'nursery' | 'task group';
  /** The methods that start a child task on it. */
  readonly startMethods: ReadonlySet<string>;
}

const TRIO: TaskGroupKind = { library: 'trio', noun: 'nursery', startMethods: new Set(['start_soon', 'start']) };
const ANYIO: TaskGroupKind = { library: 'anyio', noun: 'task group', startMethods: new Set(['start_soon', 'start']) };
const ASYNCIO: TaskGroupKind = { library: 'asyncio', noun: 'task group', startMethods: new Set(['create_task']) };

/** Calls that open a task group when entered with `async with`, by qualified name. */
export const TASK_GROUP_FACTORIES: ReadonlyMap<string, TaskGroupKind> = new Map([
  ['trio.open_nursery', TRIO],
  ['anyio.create_task_group', ANYIO],
  ['asyncio.TaskGroup', ASYNCIO],
  ['asyncio.taskgroups.TaskGroup', ASYNCIO],
]);

/** The classes of the objects task groups bind, as annotations name them (`nursery: trio.Nursery`), by qualified name. */
export const TASK_GROUP_TYPES: ReadonlyMap<string, TaskGroupKind> = new Map([
  ['trio.Nursery', TRIO],
  ['anyio.abc.TaskGroup', ANYIO],
  ['asyncio.TaskGroup', ASYNCIO],
  ['asyncio.taskgroups.TaskGroup', ASYNCIO],
]);

/** The task group a context-manager expression opens, if it is one. */
export function taskGroupOf(manager: Node, context: PythonContext): TaskGroupKind | undefined {
  if (manager.type !== 'call') return undefined;
  const name = context.calleeName(manager);
  return name === undefined ? undefined : TASK_GROUP_FACTORIES.get(name);
}

export interface OpenedTaskGroup {
  readonly kind: TaskGroupKind;
  /** The `async with` statement whose body the group owns. */
  readonly statement: Node;
  /** The factory call. */
  readonly manager: Node;
  /** The name bound by `as`, when there is one. */
  readonly name: string | undefined;
}

/** The task groups an `async with` statement opens, in order. */
export function taskGroupsOpenedBy(statement: Node, context: PythonContext): OpenedTaskGroup[] {
  if (statement.type !== 'with_statement' || !isAsyncStatement(statement)) return [];
  const opened: OpenedTaskGroup[] = [];
  for (const manager of withManagers(statement)) {
    const kind = taskGroupOf(manager, context);
    if (!kind) continue;
    opened.push({ kind, statement, manager, name: withTarget(manager) });
  }
  return opened;
}

/** Every method name that starts a child task on some library's task group. */
const START_METHODS: ReadonlySet<string> = new Set([TRIO, ANYIO, ASYNCIO].flatMap((kind) => [...kind.startMethods]));

/**
 * `n.start_soon(...)`, `n.start(...)` or `tg.create_task(...)` on a plain name: the name and the
 * method. Whether the name holds a task group, and one of that library, is the caller's question.
 */
export function taskStartCall(call: Node): { group: Node; method: string } | undefined {
  const callee = call.type === 'call' ? call.childForFieldName('function') : null;
  const group = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  if (group?.type !== 'identifier' || method === undefined || !START_METHODS.has(method)) return undefined;
  return { group, method };
}

/**
 * Third-party context managers that run a nursery, task group or cancel scope of their own for
 * the length of their block (a websocket's reader task, an ASGI lifespan, a scheduler).
 */
const TASK_GROUP_HOLDERS: ReadonlySet<string> = new Set([
  'trio_websocket.open_websocket',
  'trio_websocket.open_websocket_url',
  'trio_websocket.serve_websocket',
  'trio_asyncio.open_loop',
  'trio_parallel.open_worker_context',
  'trio_util.move_on_when',
  'trio_util.run_and_cancelling',
  'qtrio.open_emissions_nursery',
  'qtrio.enter_emissions_channel',
  'anyio.from_thread.BlockingPortal',
  'anyio.from_thread.start_blocking_portal',
  'asgi_lifespan.LifespanManager',
  'apscheduler.AsyncScheduler',
  'mcp.client.streamable_http.streamablehttp_client',
  'mcp.client.sse.sse_client',
]);

/**
 * The cancel scope a with-item enters, named for messages: a task group or nursery, a timeout
 * or cancel scope entered the way its library expects, or a third-party manager holding one.
 */
export function cancelScopeEntered(manager: Node, statement: Node, context: PythonContext): string | undefined {
  const isAsync = isAsyncStatement(statement);
  const group = taskGroupOf(manager, context);
  if (group) return isAsync ? group.noun : undefined;
  const timeout = timeoutScopeOf(manager, context);
  if (timeout) return (timeout.entered === 'async with') === isAsync ? 'cancel scope' : undefined;
  const name = manager.type === 'call' ? context.calleeName(manager) : undefined;
  return name !== undefined && TASK_GROUP_HOLDERS.has(name) ? 'task group' : undefined;
}

/**
 * Whether the group's body may start a child task, which the group then waits for on exit: it
 * uses the name the group is bound to (a start call, or handing the group to other code), other
 * than to reach its cancel scope. An unbound group can start nothing.
 */
export function mayStartChildren(group: Pick<OpenedTaskGroup, 'name' | 'statement'>): boolean {
  const body = group.statement.childForFieldName('body');
  if (group.name === undefined || !body) return false;
  return namesRead(body).some((read) => {
    if (read.text !== group.name) return false;
    const use = read.parent;
    return !(use?.type === 'attribute' && use.childForFieldName('attribute')?.text === 'cancel_scope');
  });
}
