import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { isAwaited, positionalArguments, withManagers, withTarget } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { quoted } from './support/messages';
import { namesReadThroughLambdas } from './support/structured';
import { type OpenedTaskGroup, taskGroupsOpenedBy, taskStartCall } from './support/task-groups';

/** The longest direct await a message spells out. */
const MAX_ADVICE = 60;

/** Expressions that can be called or awaited as written, without parentheses. */
const PRIMARY = new Set(['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression']);

/** The one statement of a block, looking past comments. */
function onlyStatement(block: Node | null): Node | undefined {
  const statements = block?.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment') ?? [];
  return statements.length === 1 ? statements[0] : undefined;
}

/** The call a statement consists of, possibly awaited: `n.start_soon(f)`, `await n.start(f)`. */
function statementCall(statement: Node): Node | undefined {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const expression = statement.firstNamedChild;
  const call = expression?.type === 'await' ? expression.firstNamedChild : expression;
  return call?.type === 'call' ? call : undefined;
}

/** Every argument of the call, keywords and splats included. */
function allArguments(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment') ?? [];
}

/**
 * What awaiting the work directly looks like: `await fn(a, b)` for `start_soon(fn, a, b)` or an
 * awaited `start(fn, a, b)`, `await coro` for `create_task(coro)`. Undefined when the call passes
 * keywords (`name=`, `context=`), a dictionary splat, a function given as a call or that would
 * need parentheses, or when it is `start()` without `await` or an awaited `start_soon()` (which
 * both fail as written).
 */
function directAwait(call: Node, method: string): string | undefined {
  const all = allArguments(call);
  const positional = positionalArguments(call);
  const splats = all.filter((argument) => argument.type === 'list_splat');
  if (positional.length + splats.length !== all.length || all.some((argument) => argument.text.includes('\n'))) return undefined;
  const [target, ...rest] = all;
  if (!target || !PRIMARY.has(target.type)) return undefined;
  if (method === 'create_task') return rest.length === 0 ? `await ${target.text}` : undefined;
  // `start_soon(fn())` passes a coroutine where a function belongs; `start_soon(partial(...))` reads better by hand.
  if (target.type === 'call' || (method === 'start') !== isAwaited(call)) return undefined;
  return `await ${target.text}(${rest.map((argument) => argument.text).join(', ')})`;
}

/**
 * Unsafe: replaces the whole `async with` statement by the direct await. Offered only for a
 * statement with no other item, whose comments all end the header line or the call's line (they
 * end the new line), and whose group name is read nowhere else in the function.
 */
function awaitDirectlyFix(group: OpenedTaskGroup, call: Node, direct: string | undefined, context: PythonContext): Fix[] {
  const statement = group.statement;
  const scope = context.currentFunction?.node;
  if (direct === undefined || !scope || withManagers(statement).length !== 1) return [];
  const comments = statement.descendantsOfType('comment').filter((comment): comment is Node => comment !== null);
  const trailing = new Set([statement.startPosition.row, call.endPosition.row]);
  if (comments.some((comment) => !trailing.has(comment.startPosition.row))) return [];
  // A comment token on a CRLF line ends with the `\r`, which the replaced range leaves in place.
  const replacement = direct + comments.map((comment) => `  ${comment.text.trimEnd()}`).join('');
  // Any other identifier of the same name, even an attribute's or a nested function's, keeps the block.
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  const alias = group.manager.parent?.childForFieldName('alias');
  const usedElsewhere = scope
    .descendantsOfType('identifier')
    .some((identifier) => identifier !== null && identifier.text === group.name && !identifier.equals(receiver!) && !(alias && identifier.parent?.equals(alias)));
  if (usedElsewhere) return [];
  return [{ title: `Await the work directly: '${direct}'`, safe: false, edits: [context.replace(statement, replacement)] }];
}

function checkGroup(group: OpenedTaskGroup, context: PythonContext): void {
  const name = group.name;
  const statement = onlyStatement(group.statement.childForFieldName('body'));
  const call = statement ? statementCall(statement) : undefined;
  const started = call ? taskStartCall(call) : undefined;
  if (!call || name === undefined || started?.group.text !== name || !group.kind.startMethods.has(started.method)) return;
  if (namesReadThroughLambdas(call.childForFieldName('arguments')!).some((read) => read.text === name)) return;
  const direct = directAwait(call, started.method);
  const advice = direct !== undefined && direct.length <= MAX_ADVICE ? `write \`${direct}\` instead` : 'await the work directly instead';
  context.report(group.manager, `The ${group.kind.noun} \`${name}\` only runs \`${quoted(call)}\` and waits for it; ${advice}`, {
    fixes: awaitDirectlyFix(group, call, direct, context),
  });
}

// A group with one child and nothing else to do is a slower, noisier way to await.
export const unnecessaryTaskGroup: Rule = {
  meta: {
    id: 'unnecessary-task-group',
    title: 'Task group that runs a single task',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC112'],
    checklist: 'scopes-well-nested',
    fixable: true,
    docs: {
      summary:
        'Finds a nursery or task group whose body is a single `start_soon()` or `start()` call (trio, AnyIO) or ' +
        '`create_task()` call (asyncio) on the group, which does not pass the group on to the task.',
      why:
        'The block starts one task and then only waits for it, so nothing runs concurrently: it is awaiting the ' +
        'function the long way. The extra task costs a little, and its failure arrives wrapped in an ' +
        '`ExceptionGroup` that callers must unwrap with `except*`, where a direct await raises the exception itself. ' +
        'It often means the code was meant to do more inside the block (start a second task, or keep working ' +
        'while the first runs) and that part was lost.',
      fix:
        'Await the function directly: `await fn(a, b)` for `nursery.start_soon(fn, a, b)`, `await coro` for ' +
        '`tg.create_task(coro)`. If the group was meant to run several things at once, add them to the block.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def refresh(cache, url):\n    async with trio.open_nursery() as nursery:\n' +
            '        nursery.start_soon(cache.reload, url)',
          good: 'import trio\n\nasync def refresh(cache, url):\n    await cache.reload(url)',
        },
      },
      fixSafety:
        'Unsafe, offered as a suggestion only: an error of the function is no longer wrapped in an `ExceptionGroup`, ' +
        'so handlers written for the group\'s error change meaning, and the function now runs in the caller\'s task ' +
        '(it sees and sets the caller\'s context variables). The suggestion replaces the whole block by ' +
        '`await fn(args)` (`await coro` for `create_task(coro)`). It is offered only when the `async with` has no ' +
        'other item and no comment, the group\'s name is used nowhere else in the function, the call passes no ' +
        'keyword (`name=`, `context=`) and each argument on one line, and the call works as written (`start()` ' +
        'awaited, `start_soon()` not).',
      notes:
        'As in flake8-async, the call may be awaited, and a body with any other statement, or a call that passes ' +
        'the group itself (also inside `partial()` or a lambda), is left alone. Unlike flake8-async, only the start ' +
        'methods of the group\'s own library count, a name read inside a lambda that rebinds it does not count as ' +
        'passing the group, and when two items of one `with` bind the same name only the later one is checked. ' +
        'Task groups entered with a plain `with` fail at once and are left to `sync-with-async-cm`.',
    },
  },
  python: {
    with_statement(node, context) {
      // A later item that binds the same name hides the group from the body.
      const managers = withManagers(node);
      const names = managers.map(withTarget);
      for (const group of taskGroupsOpenedBy(node, context)) {
        if (names.lastIndexOf(group.name) === managers.findIndex((manager) => manager.equals(group.manager))) checkGroup(group, context);
      }
    },
  },
};
