// The context managers that own child tasks: trio's nursery, AnyIO's task group and asyncio's
// TaskGroup. Each holds a cancel scope, waits for its children when the block ends, and may
// cancel the code in its body; every structured-concurrency rule asks these questions here.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';
import { isAsyncStatement, withManagers, withTarget } from '../../engine/python/syntax';

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
