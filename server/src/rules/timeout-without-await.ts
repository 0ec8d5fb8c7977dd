import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { containsAwait, descendantsInScope, indentationOf, isAsyncStatement, withManagers } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { timeoutScopeOf } from './support/scopes';
import { mayStartChildren, taskGroupsOpenedBy } from './support/task-groups';

const SUSPENDING = new Set(['await', 'yield', 'for_statement', 'for_in_clause', 'with_statement']);

/** The with-items of a statement, in order. */
function withItems(statement: Node): Node[] {
  const clause = statement.namedChildren.find((child) => child?.type === 'with_clause');
  return clause?.namedChildren.filter((child): child is Node => child?.type === 'with_item') ?? [];
}

/**
 * True when entering and leaving these items of an `async with` can checkpoint. A task group
 * with no child to wait for is the exception: trio's and AnyIO's only pass an uncancellable
 * schedule point on exit, and asyncio's does not suspend at all.
 */
function enteringCheckpoints(statement: Node, managers: readonly Node[], context: PythonContext): boolean {
  if (!isAsyncStatement(statement)) return false;
  const groups = taskGroupsOpenedBy(statement, context);
  return managers.some((manager) => {
    const group = groups.find((opened) => opened.manager.equals(manager));
    return !group || mayStartChildren(group);
  });
}

/**
 * True when code inside the scope can checkpoint: an `await`, `async for`, async comprehension
 * or `async with` (but a childless task group's) in the body, a `yield` (the caller it yields to
 * may checkpoint), or, among the items entered after the scope, an await or such an item of an
 * `async with`.
 */
function hasCheckpoint(statement: Node, manager: Node, context: PythonContext): boolean {
  const body = statement.childForFieldName('body');
  const suspends = (node: Node): boolean =>
    node.type === 'await' ||
    node.type === 'yield' ||
    (node.type === 'with_statement' ? enteringCheckpoints(node, withManagers(node), context) : isAsyncStatement(node));
  if (body && descendantsInScope(body, SUSPENDING).some(suspends)) return true;
  const later = withManagers(statement).filter((item) => item.startIndex >= manager.endIndex);
  return later.some(containsAwait) || enteringCheckpoints(statement, later, context);
}

/** Multi-line strings keep their indentation as content: shifting their lines would change them. */
function hasMultilineString(node: Node): boolean {
  return node.descendantsOfType('string').some((string) => string !== null && string.startPosition.row !== string.endPosition.row);
}

/**
 * Unsafe: deletes the `with` line and dedents its body by one level. Offered only for a
 * single-item `with` without `as` on one header line, whose body starts on the next lines and
 * can be shifted exactly: every non-blank line carries the body's indentation (comment lines
 * that do not are left as they are) and no string spans lines.
 */
function unwrapFix(statement: Node, context: PythonContext): Fix[] {
  const body = statement.childForFieldName('body');
  const colon = statement.children.find((child) => child?.type === ':');
  const [item, ...others] = withItems(statement);
  const headerRow = statement.startPosition.row;
  if (!body || !colon || !item || others.length > 0 || item.childForFieldName('value')?.type === 'as_pattern') return [];
  if (colon.startPosition.row !== headerRow || body.startPosition.row === headerRow || hasMultilineString(body)) return [];
  const outer = indentationOf(statement, context.lines);
  const inner = indentationOf(body, context.lines);
  if (outer === undefined || inner === undefined || inner.length <= outer.length || !inner.startsWith(outer)) return [];
  const lines: string[] = [];
  for (let row = headerRow + 1; row <= statement.endPosition.row; row++) {
    const text = context.lines.lineText(row);
    if (text.startsWith(inner)) lines.push(outer + text.slice(inner.length));
    else if (text.trim() === '' || text.trimStart().startsWith('#')) lines.push(text);
    else return [];
  }
  const lastRow = statement.endPosition.row;
  const range = {
    start: { line: headerRow, character: 0 },
    end: { line: lastRow, character: context.lines.lineText(lastRow).length },
  };
  return [{ title: 'Remove the scope and keep its body', safe: false, edits: [{ range, newText: lines.join(context.lines.eol) }] }];
}

// Deadlines are only checked at checkpoints; a scope with none inside can never cancel anything.
export const timeoutWithoutAwait: Rule = {
  meta: {
    id: 'timeout-without-await',
    title: 'Timeout scope with nothing to time out',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC100'],
    checklist: 'timeouts-effective',
    fixable: true,
    docs: {
      summary:
        'Finds timeout and cancel scopes whose body never checkpoints: `async with asyncio.timeout()` / ' +
        '`timeout_at()`, and `with` AnyIO\'s or trio\'s `fail_after()`, `move_on_after()`, `CancelScope()` (and trio\'s ' +
        '`fail_at()`, `move_on_at()`) around code with no `await`, `async for` or `async with`.',
      why:
        'A timeout does not interrupt running code: it cancels the task, and the cancellation is delivered at the ' +
        'next checkpoint, which is an `await`. A body without one runs to the end however long it takes, so the ' +
        'scope gives a false sense of safety. Usually the await it was meant to bound sits just after the block, or ' +
        'was moved out in a refactor.',
      fix:
        'Move the awaits the deadline should cover inside the scope. If the body is synchronous work, the scope ' +
        'cannot bound it: remove the scope, or run the work in a thread (`asyncio.to_thread`, ' +
        '`anyio.to_thread.run_sync`, `trio.to_thread.run_sync`) and put the scope around that await.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def fetch_config(client):\n    with trio.move_on_after(5):\n        request = build_request()\n' +
            '    return await client.send(request)',
          good:
            'import trio\n\nasync def fetch_config(client):\n    request = build_request()\n    with trio.move_on_after(5):\n' +
            '        return await client.send(request)',
        },
      },
      fixSafety:
        'Unsafe, offered as a suggestion only: the right fix is usually to move an await inside, which only you can ' +
        'choose. The suggestion removes the `with` line and dedents its body. It is offered only for a single-item ' +
        '`with` without `as` (a bound scope may be read later), with a one-line header, and a body that can be ' +
        'shifted exactly: no string spanning lines, no code line indented less than the body.',
      notes:
        'A `yield` in the body counts as a checkpoint, since the code it yields to may await (as flake8-async does). ' +
        'Awaits inside functions defined in the body do not count. In `async with asyncio.timeout(1), lock:`, entering ' +
        'the items after the scope is itself a checkpoint. An `async with` of a nursery or task group counts only when ' +
        'its body may start a child task, whose end the group waits for: without children, trio and AnyIO only pass ' +
        'an uncancellable schedule point on exit and asyncio does not suspend. Any use of the group\'s name other than ' +
        '`.cancel_scope` counts as possibly starting one, so a group handed to a helper is given the benefit of the ' +
        'doubt where flake8-async looks only for start calls. Scopes entered the wrong way (`with asyncio.timeout()`, ' +
        '`async with trio.fail_after()`) fail at run time and are left to that error, where flake8-async reports them ' +
        'too. Besides the scopes flake8-async knows, the `async_timeout` package\'s `timeout()` and `timeout_at()` ' +
        'are checked.',
    },
  },
  python: {
    with_statement(node, context) {
      for (const manager of withManagers(node)) {
        const scope = timeoutScopeOf(manager, context);
        if (!scope || (scope.entered === 'async with') !== isAsyncStatement(node) || hasCheckpoint(node, manager, context)) continue;
        const name = context.calleeName(manager);
        context.report(
          manager,
          `No \`await\` runs inside this \`${name}()\` scope, so it can never cancel anything; move the awaits it should bound inside it or remove it`,
          { fixes: unwrapFix(node, context) },
        );
      }
    },
  },
};
