import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import {
  descendantsInScope,
  isAsyncStatement,
  keywordArgument,
  nameBindings,
  positionalArguments,
  unparenthesized,
  withManagers,
} from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { COUNTDOWN_AT_CREATION, type CreationCountdown } from './support/deadlines';
import { quoted } from './support/messages';

const WITH = new Set(['with_statement']);

/** `asyncio.timeout(None)`, `anyio.move_on_after(None)`: no deadline at all, nothing to count down. */
function hasNoDelay(call: Node): boolean {
  const delay = positionalArguments(call)[0] ?? keywordArgument(call, 'delay');
  return delay?.type === 'none';
}

/** The class whose body directly defines the function, if it is a method. */
function classOf(fn: Node): Node | undefined {
  const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const body = definition.parent;
  return body?.type === 'block' && body.parent?.type === 'class_definition' ? body.parent : undefined;
}

/** True when `name` is bound again between the two nodes, so the later `with` may enter something else. */
function reboundBetween(root: Node, name: string, from: Node, to: Node): boolean {
  return nameBindings(root).some(
    ({ target }) => target.text === name && target.startIndex >= from.endIndex && target.startIndex < to.startIndex,
  );
}

/**
 * The `with` item that enters what the assignment stored: for a plain name, a later `with name`
 * in the same function, the name not rebound in between; for an attribute (`self.scope`), a
 * `with self.scope` in any method of the class (or, outside a class, later in the function).
 */
function laterEntry(assignment: Node, target: Node, context: PythonContext): { statement: Node; manager: Node } | undefined {
  const fn = context.currentFunction;
  if (!fn || fn.kind === 'lambda') return undefined;
  const body = fn.node.childForFieldName('body');
  if (!body) return undefined;
  const owner = target.type === 'attribute' ? classOf(fn.node) : undefined;
  const statements = owner ? owner.descendantsOfType('with_statement').filter((s): s is Node => s !== null) : descendantsInScope(body, WITH);
  for (const statement of statements) {
    if (!owner && statement.startIndex < assignment.endIndex) continue;
    const manager = withManagers(statement).find((candidate) => candidate.text === target.text);
    if (!manager) continue;
    if (target.type === 'identifier' && reboundBetween(body, target.text, assignment, statement)) continue;
    return { statement, manager };
  }
  return undefined;
}

function message(call: Node, countdown: CreationCountdown, entry: Node, entered: string): string {
  const where = `sets its deadline here, when it is created, not where \`${entered} ${quoted(entry)}\` enters it`;
  const inside = `call it in the \`${entered}\` statement itself`;
  if (countdown.changedIn !== undefined) {
    return `Before ${countdown.changedIn}, \`${quoted(call)}\` ${where} (${countdown.changedIn} changed that); ${inside} so it means the same on every version`;
  }
  return `\`${quoted(call)}\` ${where}, so the time in between counts against the delay; ${inside}`;
}

// A relative scope promises "this long from when the block starts"; these scopes start counting earlier.
export const relativeScopeBeforeEnter: Rule = {
  meta: {
    id: 'relative-scope-before-enter',
    title: 'Relative timeout scope created before it is entered',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC122'],
    checklist: 'deadlines-meaningful',
    fixable: false,
    docs: {
      summary:
        'Finds relative timeout scopes stored in a variable and entered later: `scope = trio.move_on_after(5)` (or ' +
        'trio\'s `fail_after()`, AnyIO\'s `move_on_after()`, `asyncio.timeout()`) followed by `with scope:`.',
      why:
        'These calls compute the deadline, now plus the delay, when they are called, not when the `with` enters them. ' +
        'Whatever runs in between (setup, awaits, a whole loop) uses up the delay, so the block gets less time than it ' +
        'says, or none at all. trio 0.27 changed its `move_on_after()` and `fail_after()` to start counting on entry, ' +
        'so with trio the same code also times out differently depending on the installed version.',
      fix:
        'Call the function in the `with` statement itself: `with trio.move_on_after(5) as scope:`. If the scope must ' +
        'exist before the block (to be cancelled from elsewhere), create a `CancelScope()` up front and set its ' +
        'deadline from the clock on entry (`scope.deadline = trio.current_time() + 5`), or on trio 0.27+ pass ' +
        '`relative_deadline=5`; with asyncio, create `asyncio.timeout(None)` and `reschedule()` it inside the block.',
      examples: {
        python: {
          bad:
            'import trio\n\n\nasync def download(client, urls):\n    budget = trio.move_on_after(30)\n' +
            '    session = await client.login()\n    with budget:\n        for url in urls:\n            await session.get(url)',
          good:
            'import trio\n\n\nasync def download(client, urls):\n    session = await client.login()\n' +
            '    with trio.move_on_after(30):\n        for url in urls:\n            await session.get(url)',
        },
      },
      notes:
        'Since trio 0.27, trio\'s scopes start counting on entry, so the trio findings matter only for code that must ' +
        'also run on older trio: a project that requires trio 0.27+ and uses neither AnyIO nor asyncio can turn the ' +
        'rule off. ' +
        'AnyIO\'s `fail_after()` is not reported: since AnyIO 4 it reads the clock on entry. Unlike flake8-async, which ' +
        'reports every trio or AnyIO relative scope created outside a `with` item, this rule reports only a scope ' +
        'stored in a name that a later `with` in the same function enters, or in an attribute (`self.scope`) that a ' +
        '`with` in the same class enters: a scope returned from a helper or handed to `ExitStack.enter_context()` is ' +
        'entered as soon as it is created. It also covers `asyncio.timeout()` and `async_timeout.timeout()`, which ' +
        'compute their deadline when called on every version. A scope created without a deadline ' +
        '(`asyncio.timeout(None)`) and scopes created at module level are left alone.',
    },
  },
  python: {
    assignment(node, context) {
      const value = node.childForFieldName('right');
      const call = value ? unparenthesized(value) : undefined;
      const name = call?.type === 'call' ? context.calleeName(call) : undefined;
      const countdown = name === undefined ? undefined : COUNTDOWN_AT_CREATION.get(name);
      const target = node.childForFieldName('left');
      if (!call || !countdown || hasNoDelay(call) || (target?.type !== 'identifier' && target?.type !== 'attribute')) return;
      const entry = laterEntry(node, target, context);
      if (!entry) return;
      const entered = isAsyncStatement(entry.statement) ? 'async with' : 'with';
      context.report(call, message(call, countdown, entry.manager, entered), {
        related: [{ range: context.rangeOf(entry.manager), message: 'The scope is entered here' }],
      });
    },
  },
};
