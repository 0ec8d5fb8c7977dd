import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { ancestorsInScope } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { quoted } from './support/messages';
import { type OpenedTaskGroup, taskGroupsOpenedBy } from './support/task-groups';

const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * The task groups whose block an exit statement leaves, innermost first: for `return` every
 * group around it in its function, for `break` and `continue` the groups between it and the loop
 * it ends (none when the loop is inside the group).
 */
function groupsLeft(exit: Node, context: PythonContext): OpenedTaskGroup[] {
  const left: OpenedTaskGroup[] = [];
  const leavesLoop = exit.type !== 'return_statement';
  let child = exit;
  for (const up of ancestorsInScope(exit)) {
    // A loop's `else:` belongs to the code around the loop, not to its iterations.
    if (leavesLoop && LOOPS.has(up.type) && up.childForFieldName('body')?.equals(child)) return left;
    if (up.type === 'with_statement' && up.childForFieldName('body')?.equals(child)) left.push(...taskGroupsOpenedBy(up, context).reverse());
    child = up;
  }
  return leavesLoop ? [] : left;
}

/** The group cancelled by a `name.cancel_scope.cancel()` statement, if the statement is one. */
function cancelledGroup(statement: Node, context: PythonContext): string | undefined {
  const cancel = context.statementCall(statement)?.childForFieldName('function');
  const scope = cancel?.type === 'attribute' && cancel.childForFieldName('attribute')?.text === 'cancel' ? cancel.childForFieldName('object') : null;
  const group = scope?.type === 'attribute' && scope.childForFieldName('attribute')?.text === 'cancel_scope' ? scope.childForFieldName('object') : null;
  return group?.type === 'identifier' ? group.text : undefined;
}

/** The groups cancelled by `name.cancel_scope.cancel()` earlier in the exit's own block. */
function cancelledBefore(exit: Node, context: PythonContext): Set<string> {
  const cancelled = new Set<string>();
  for (let previous = exit.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    const group = cancelledGroup(previous, context);
    if (group !== undefined) cancelled.add(group);
  }
  return cancelled;
}

function checkExit(exit: Node, context: PythonContext): void {
  const cancelled = cancelledBefore(exit, context);
  const waiting = groupsLeft(exit, context).filter((group) => group.name === undefined || !cancelled.has(group.name));
  const group = waiting[0];
  if (!group) return;
  const keyword = exit.children[0]?.text ?? exit.type;
  const label = group.name === undefined ? `\`${quoted(group.manager)}\`` : `the ${group.kind.noun} \`${group.name}\``;
  const what = keyword === 'return' ? 'returns only once its child tasks have finished, and a child\'s error replaces the return value' : 'leaves the block only once its child tasks have finished, and a child\'s error replaces it';
  const cancelFirst = group.kind.library === 'asyncio' || group.name === undefined ? '' : `, or cancel \`${group.name}.cancel_scope\` before it`;
  context.report(exit, `\`${keyword}\` inside ${label} ${what}; move it after the block${cancelFirst}`);
}

// Leaving a task group's block is not leaving it: its exit waits for every child.
export const earlyExitInTaskGroup: Rule = {
  meta: {
    id: 'early-exit-in-task-group',
    title: 'return, break or continue inside a task group',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC121'],
    checklist: 'scopes-well-nested',
    fixable: false,
    docs: {
      summary:
        'Finds `return` inside the block of a nursery or task group (`trio.open_nursery()`, ' +
        '`anyio.create_task_group()`, `asyncio.TaskGroup()`), and `break` or `continue` there that ends a loop ' +
        'around the group.',
      why:
        'Leaving the block does not stop the child tasks: the group\'s exit waits until every child has finished. ' +
        'An early `return` therefore returns only when the slowest child is done, which may be never for a ' +
        'background loop, and if a child fails meanwhile its exception propagates instead and the return value is ' +
        'lost. A `break` or `continue` is delayed the same way, and can be replaced by a child\'s error. The code ' +
        'reads as if it stops at once, which it does not.',
      fix:
        'Keep the exit after the block: store the result in a variable, let the block end, and `return`, `break` ' +
        'or `continue` below it. If the children should stop when the body is done, cancel them first: ' +
        '`nursery.cancel_scope.cancel()` (trio, AnyIO) before the exit.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def first_reply(servers, request):\n    async with trio.open_nursery() as nursery:\n' +
            '        for server in servers:\n            nursery.start_soon(server.warm_up)\n' +
            '        return await servers[0].send(request)',
          good:
            'import trio\n\nasync def first_reply(servers, request):\n    async with trio.open_nursery() as nursery:\n' +
            '        for server in servers:\n            nursery.start_soon(server.warm_up)\n' +
            '        reply = await servers[0].send(request)\n    return reply',
        },
      },
      notes:
        'Exits in functions nested in the block are not reported, nor `break` and `continue` of a loop inside the ' +
        'block. A statement leaving several groups is reported once, naming the innermost (flake8-async reports it ' +
        'once per kind of group). Unlike flake8-async, an exit after `name.cancel_scope.cancel()` on the group it ' +
        'leaves, earlier in the same block, is not reported: the children are being cancelled, so the exit is as early as it looks; ' +
        'and a `break` or `continue` in the `else:` of a loop inside the group is reported, since it ends the loop ' +
        'around the group. Task groups entered with a plain `with` fail at once and are left to `sync-with-async-cm`.',
    },
  },
  python: {
    return_statement: checkExit,
    break_statement: checkExit,
    continue_statement: checkExit,
  },
};
