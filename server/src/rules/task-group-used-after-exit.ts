import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { descendantsInScope, nameBindings, withTarget } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { quoted } from './support/messages';
import { namesReadThroughLambdas, withBlocksAround } from './support/structured';
import { type OpenedTaskGroup, type TaskGroupKind, taskGroupOf, taskGroupsOpenedBy, taskStartCall } from './support/task-groups';

const CALL = new Set(['call']);

/** A name bound by a with-item around a call, and the task group it opens, if it does. */
interface BoundManager {
  readonly name: string;
  readonly manager: Node;
  readonly group: TaskGroupKind | undefined;
}

/** The `as` names of the with-blocks around a node, outermost first, items in order. */
function boundManagers(node: Node, context: PythonContext): BoundManager[] {
  const bound: BoundManager[] = [];
  for (const { isAsync, managers } of withBlocksAround(node).reverse()) {
    for (const manager of managers) {
      const name = withTarget(manager);
      if (name !== undefined) bound.push({ name, manager, group: isAsync ? taskGroupOf(manager, context) : undefined });
    }
  }
  return bound;
}

/**
 * (a) `async with group() as n:` then `with resource() as r:` then `n.start_soon(work, r)`: the
 * inner block closes `r` before the group waits for the task.
 */
function checkArguments(call: Node, context: PythonContext): void {
  const started = taskStartCall(call);
  const list = call.childForFieldName('arguments');
  if (!started || !list) return;
  const bound = boundManagers(call, context);
  let index = -1;
  for (let i = 0; i < bound.length; i++) if (bound[i].name === started.group.text) index = i;
  const group = bound[index]?.group;
  if (!group?.startMethods.has(started.method)) return;
  const inner = new Map(bound.slice(index + 1).map((entry) => [entry.name, entry.manager]));
  const startCall = `${started.group.text}.${started.method}()`;
  for (const read of namesReadThroughLambdas(list)) {
    const manager = inner.get(read.text);
    if (!manager) continue;
    context.report(
      read,
      `\`${read.text}\` is closed when the \`${quoted(manager)}\` block ends, but the ${group.noun} waits for the task ` +
        `\`${startCall}\` hands it to only later, at its own exit; open the ${group.noun} inside that block, or the resource inside the task`,
    );
  }
}

/**
 * True when the code at `later` can run after the statement `earlier` has completed: it is not in
 * another branch of an `if` or `match`, nor in a different handler of the same `try`.
 */
function canFollow(earlier: Node, later: Node): boolean {
  const around = new Set<number>();
  for (let up: Node | null = earlier; up; up = up.parent) around.add(up.id);
  let child = later;
  let common = later.parent;
  while (common && !around.has(common.id)) {
    child = common;
    common = common.parent;
  }
  if (!common) return false;
  if (common.type === 'if_statement' || common.type === 'match_statement' || common.parent?.type === 'match_statement') return false;
  if (common.type === 'try_statement') {
    // After the `try` body come its handlers, `else` and `finally`; after a handler or `else`, only `finally`.
    const tryBody = common.childForFieldName('body');
    const fromBody = tryBody !== null && tryBody.startIndex <= earlier.startIndex && earlier.endIndex <= tryBody.endIndex;
    return fromBody || child.type === 'finally_clause';
  }
  return true;
}

/** (b) `n.start_soon(...)` after the `async with` block that opened `n` has ended. */
function checkLaterStarts(group: OpenedTaskGroup, body: Node, context: PythonContext): void {
  const name = group.name;
  if (name === undefined) return;
  const end = group.statement.endIndex;
  const rebound = nameBindings(body)
    .filter(({ target }) => target.text === name && target.startIndex >= end)
    .map(({ target }) => target.startIndex);
  for (const call of descendantsInScope(body, CALL)) {
    if (call.startIndex < end) continue;
    const started = taskStartCall(call);
    if (started?.group.text !== name || !group.kind.startMethods.has(started.method)) continue;
    if (rebound.some((start) => start < call.startIndex) || !canFollow(group.statement, call)) continue;
    context.report(
      call,
      `\`${name}.${started.method}()\` runs after the \`async with\` block of the ${group.kind.noun} \`${name}\` has ended, when it ` +
        'no longer accepts tasks and the call raises RuntimeError; start the task inside the block',
    );
  }
}

// A task group outlives everything opened inside it, and nothing outlives the group itself.
export const taskGroupUsedAfterExit: Rule = {
  meta: {
    id: 'task-group-used-after-exit',
    title: 'Task outlives what it was given, or starts after its group closed',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC111'],
    checklist: 'scopes-well-nested',
    fixable: false,
    docs: {
      summary:
        'Finds child tasks that outlive what they use: a value bound by a context manager opened inside a nursery ' +
        'or task group and passed to its `start_soon()`, `start()` or `create_task()`; and tasks started on a ' +
        'nursery or task group after its `async with` block has ended.',
      why:
        'A task group waits for its children when its own block ends, not when the code that started them moves on. ' +
        'A connection, file or stream opened inside the group\'s block and handed to a child is closed as soon as ' +
        'its inner block ends, while the child may still be using it: the child fails with a closed-resource error, ' +
        'or works only when it happens to finish first. Once the group\'s block has ended, the group is closed: ' +
        'trio, AnyIO and asyncio all raise `RuntimeError` for a task started on it.',
      fix:
        'Nest the other way round: open the resource first and the task group inside its block, so the group waits ' +
        'for its children before the resource closes. Or let the child open the resource itself. Start every task ' +
        'inside the group\'s block; work that must start later needs a group that is still open, such as one held ' +
        'by a longer-lived owner.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def relay(address, messages):\n    async with trio.open_nursery() as nursery:\n' +
            '        async with await trio.open_tcp_stream(*address) as stream:\n' +
            '            nursery.start_soon(send_all, stream, messages)',
          good:
            'import trio\n\nasync def relay(address, messages):\n    async with await trio.open_tcp_stream(*address) as stream:\n' +
            '        async with trio.open_nursery() as nursery:\n            nursery.start_soon(send_all, stream, messages)',
        },
      },
      notes:
        'The first case is flake8-async\'s ASYNC111: a name bound by any `with ... as` inside the group\'s block ' +
        'counts, read anywhere in the arguments (also `*r`, `key=r`, `partial(f, r)`, `r.attr`), and the finding ' +
        'is on the name. Unlike flake8-async, a name read inside a lambda among the arguments counts too (the ' +
        'lambda carries it into the task) unless the lambda binds it itself; only the start methods of ' +
        'the group\'s own library count (`create_task` on an asyncio `TaskGroup`, `start_soon`/`start` on a trio ' +
        'nursery or AnyIO task group; the others do not exist there), and task groups entered with a plain `with`, ' +
        'which fail at once, are left to `sync-with-async-cm`. The second case goes beyond flake8-async: a start ' +
        'method called on the group\'s name after its block, in the same function, unless the name is bound again ' +
        'in between or the call is in another branch of an `if`, `match` or `try` than the block.',
    },
  },
  python: {
    call(node, context) {
      checkArguments(node, context);
    },
    with_statement(node, context) {
      const frame = context.currentFunction;
      const body = frame?.kind === 'async' ? frame.node.childForFieldName('body') : null;
      if (!body) return;
      for (const group of taskGroupsOpenedBy(node, context)) checkLaterStarts(group, body, context);
    },
  },
};
