import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { isAsyncFunction, isGenerator } from '../engine/python/symbols';
import { ancestorsInScope, containsAwait, descendantsInScope } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { checkpointFlow, type UncheckpointedExit } from './support/checkpoint-flow';
import { checkpointAfterFix, checkpointBeforeFix, checkpointHint, statementsOf } from './support/checkpoint-fixes';
import { hasDecoratorNamed } from './support/decorators';
import { isStubBody } from './support/stubs';

/**
 * Decorators, matched by their last name, whose function need not checkpoint itself: overload
 * stubs, pytest fixtures, and async context managers (the `async with` around them checkpoints).
 */
const EXEMPT_DECORATORS = new Set(['overload', 'fixture', 'asynccontextmanager']);
const CONTEXT_METHODS = new Set(['__aenter__', '__aexit__']);
const YIELD = new Set(['yield']);
const HANDLERS = new Set(['except_clause', 'except_group_clause']);

/**
 * `__aenter__` / `__aexit__` that never checkpoint, when the other one of the pair does (or, not
 * defined in the class, is inherited): entering and leaving the `async with` still checkpoints
 * once. When neither checkpoints, only `__aenter__` is reported.
 */
function isCoveredContextMethod(fn: Node, name: string): boolean {
  if (!CONTEXT_METHODS.has(name)) return false;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  const owner = holder?.type === 'block' ? holder.parent : null;
  if (owner?.type !== 'class_definition' || !holder) return false;
  const checkpoints = new Map<string, boolean>();
  for (const member of statementsOf(holder)) {
    const method = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    const methodName = method?.type === 'function_definition' && isAsyncFunction(method) ? method.childForFieldName('name')?.text : undefined;
    const body = method?.childForFieldName('body');
    if (methodName !== undefined && CONTEXT_METHODS.has(methodName) && body) checkpoints.set(methodName, containsAwait(body));
  }
  if (checkpoints.get(name) !== false) return false;
  const partner = checkpoints.get(name === '__aenter__' ? '__aexit__' : '__aenter__');
  if (partner !== undefined) return partner || name === '__aexit__';
  const bases = owner.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => base !== null && base.type !== 'comment' && base.type !== 'keyword_argument');
}

function listed(items: readonly string[], conjunction: string): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Where the unchecked run of code starts: the function's start, earlier yields, or this yield a loop round ago. */
function since(exit: UncheckpointedExit): string {
  const parts: string[] = [];
  const lines: string[] = [];
  let itself = false;
  for (const origin of exit.origins) {
    if (origin.kind === 'entry') parts.push('the function started');
    else if (origin.node.equals(exit.node)) itself = true;
    else if (!lines.includes(`${origin.node.startPosition.row + 1}`)) lines.push(`${origin.node.startPosition.row + 1}`);
  }
  if (lines.length > 0) parts.push(lines.length === 1 ? `the \`yield\` on line ${lines[0]}` : `the \`yield\`s on lines ${listed(lines, 'and')}`);
  if (itself) parts.push('its own previous run round the loop');
  return listed(parts, 'or');
}

/** The simple statement a checkpoint can go before so that it runs before the exit: the exit's own, if nothing else in it yields first. */
function exitStatement(exit: UncheckpointedExit): Node | undefined {
  if (exit.kind === 'return') return exit.node;
  let statement = exit.node;
  while (statement.parent && statement.parent.type !== 'block') statement = statement.parent;
  if (statement.type !== 'expression_statement' && statement.type !== 'return_statement') return undefined;
  return descendantsInScope(statement, YIELD)[0]?.equals(exit.node) ? statement : undefined;
}

/** The first statement after the docstring. */
function firstStatementOf(block: Node | null): Node | undefined {
  const statements = block ? statementsOf(block) : [];
  const [first, second] = statements;
  const isDocstring = first?.type === 'expression_statement' && first.namedChildCount === 1 && first.firstNamedChild?.type === 'string';
  return isDocstring ? second : first;
}

/**
 * Before the exit, unless that puts the checkpoint inside an `except` clause (where a
 * cancellation would replace the exception being handled): then at the start of the loop or
 * function whose start is the only unchecked origin, when there is one.
 */
function fixesFor(exit: UncheckpointedExit, fn: Node, context: PythonContext): Fix[] {
  const body = fn.childForFieldName('body');
  if (exit.kind === 'end') return body ? checkpointAfterFix(body, context) : [];
  const statement = exitStatement(exit);
  if (!statement) return [];
  const handler = [...ancestorsInScope(statement)].find((up) => HANDLERS.has(up.type));
  const covered = exit.coveredFrom;
  if (handler && covered === 'function') {
    const first = firstStatementOf(body);
    return first ? checkpointBeforeFix(first, context) : [];
  }
  const loop = typeof covered === 'object' ? covered.loop : undefined;
  if (handler && loop && [...ancestorsInScope(handler)].some((up) => up.equals(loop))) {
    const first = firstStatementOf(loop.childForFieldName('body'));
    return first ? checkpointBeforeFix(first, context) : [];
  }
  return checkpointBeforeFix(statement, context);
}

function messageFor(exit: UncheckpointedExit, name: string, context: PythonContext): string {
  const hint = checkpointHint(context);
  if (exit.kind === 'end') {
    return `'${name}' can finish with no checkpoint since ${since(exit)}, so cancellation cannot land on that path; end it with \`${hint}\` or await on every path`;
  }
  const what = exit.kind === 'return' ? '`return`' : '`yield`';
  return `This ${what} can run with no checkpoint since ${since(exit)}, so cancellation cannot land on that path; put \`${hint}\` before it or await on every path to it`;
}

// Cancellation and timeouts only take effect at checkpoints: a path through an async function
// with none cannot be cancelled, and code calling it cannot count on it to let others run.
export const missingCheckpoint: Rule = {
  meta: {
    id: 'missing-checkpoint',
    title: 'Async function with a path that never checkpoints',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: false,
    aliases: ['ASYNC910', 'ASYNC911'],
    checklist: 'checkpoints-guaranteed',
    fixable: true,
    docs: {
      summary:
        'Finds paths through an `async def` that reach a `return` or the end of the function without a checkpoint (an ' +
        '`await`, `async for` or `async with`) since the function started, and in async generators, paths from the start ' +
        'or from one `yield` to the next `yield`, `return` or end without one. A path that ends in `raise` is fine.',
      why:
        'trio and AnyIO deliver cancellation and timeouts only at checkpoints, and callers of an async function expect ' +
        'it to be one: it lets other tasks run and can be cancelled. A path without a checkpoint runs through without ' +
        'either, so a timeout around the call cannot stop it and a loop calling it can starve every other task. In an ' +
        'async generator, the stretch between two `yield`s is one step of the consumer\'s `async for`, which is only a ' +
        'checkpoint if the generator makes it one.',
      fix:
        'Await something on every path: move a real await out of the branch that may skip it, or add ' +
        '`await trio.lowlevel.checkpoint()` (`await anyio.lowlevel.checkpoint()`, in asyncio `await asyncio.sleep(0)`) ' +
        'before the `return` or `yield`, or at the end of the function.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def fetch(cache, key, client):\n    if key in cache:\n        return cache[key]\n' +
            '    return await client.get(key)',
          good:
            'import trio\n\nasync def fetch(cache, key, client):\n    if key in cache:\n        await trio.lowlevel.checkpoint()\n' +
            '        return cache[key]\n    return await client.get(key)',
        },
      },
      fixSafety:
        'Safe, in trio and AnyIO code: it inserts `await trio.lowlevel.checkpoint()` (or AnyIO\'s) on its own line before ' +
        'the `return` or `yield`, or after the last statement of the function, and adds `import trio` / `import anyio` ' +
        'when the module lacks it. A statement sharing its line (`if hit: return value`) gets the checkpoint joined with ' +
        '`;`. A `return` or `yield` inside an `except` clause gets it at the start of the function, or of the loop whose ' +
        'start is the only unchecked origin, since a checkpoint in the handler could replace the exception being ' +
        'handled. No fix when a `yield` sits in a compound statement\'s header or after another `yield` in its ' +
        'statement, nor in asyncio code, which has no checkpoint call.',
      notes:
        'Off by default, as in flake8-async. Left alone: functions whose body is only a docstring, `pass`, `...` or ' +
        '`raise NotImplementedError`; functions decorated with `@overload`, a pytest `fixture` or `asynccontextmanager` ' +
        '(matched by last name, so `@contextlib.asynccontextmanager` and imports under another name count too, where ' +
        'flake8-async only exempts the bare name by default); and `__aenter__` / `__aexit__` that never checkpoint when ' +
        'the other one does or is inherited. A task group\'s `async with` without a task started in it counts, as a ' +
        'schedule point. `for` loops over a non-empty literal or a non-empty `range()` of constants run their body at ' +
        'least once; unlike flake8-async, constant arithmetic (`range(60 * 60)`) counts. One finding per `return`, ' +
        '`yield` or function end, naming every place the unchecked run may start, where flake8-async reports each ' +
        'start separately. Code after `break` and `continue` is treated as unreachable. Asyncio code is checked too ' +
        '(its `await` only suspends when the awaited call does, so a checkpoint there is a best guess), without a fix. ' +
        'Unlike flake8-async, which assumes trio in a file importing neither library, the fix is offered only where ' +
        'the module imports trio or AnyIO.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name')?.text;
      const body = node.childForFieldName('body');
      if (!name || !body || !isAsyncFunction(node) || isStubBody(body)) return;
      if (hasDecoratorNamed(node, context, EXEMPT_DECORATORS) || isCoveredContextMethod(node, name)) return;
      const generator = isGenerator(node);
      for (const exit of checkpointFlow(node, context).exits) {
        if (!generator && exit.kind === 'yield') continue;
        const at = exit.kind === 'end' ? (node.childForFieldName('name') ?? node) : exit.node;
        context.report(at, messageFor(exit, name, context), { fixes: fixesFor(exit, node, context) });
      }
    },
  },
};
