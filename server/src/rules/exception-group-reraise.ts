import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import {
  type NameBinding,
  ancestorsInScope,
  caughtClasses,
  descendantsInScope,
  exceptBoundName,
  handlerBody,
  isExceptStar,
  nameBindings,
  raisedExpression,
  unparenthesized,
} from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { exceptionGroupClass } from './support/exception-groups';
import { quoted } from './support/messages';

/** What a name holds: a group, the tuple of its members (`eg.exceptions`), or one member. */
type Holding = 'group' | 'members' | 'member';

const EXCEPT_CLAUSES = new Set(['except_clause']);

/** Methods of a group that return groups. */
const SPLITTERS = new Set(['subgroup', 'split']);

/** The plain unpacking targets whose names take one item each: `a, b = ...`, `[a, b] = ...`. */
const UNPACKING = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/** `except*`, or an `except` naming an exception group class (`BaseExceptionGroup`, `eg.ExceptionGroup`, `MyExceptionGroup`). */
function catchesGroups(clause: Node, context: PythonContext): boolean {
  return isExceptStar(clause) || caughtClasses(clause).some((caught) => namesGroupClass(caught, context));
}

function namesGroupClass(expression: Node, context: PythonContext): boolean {
  if (exceptionGroupClass(expression, context)) return true;
  const last = expression.type === 'attribute' ? expression.childForFieldName('attribute') : expression;
  return last?.type === 'identifier' && last.text.endsWith('ExceptionGroup');
}

/** A member may itself be a group (groups nest), so it has `exceptions` too. */
function isGroupLike(holding: Holding | undefined): boolean {
  return holding === 'group' || holding === 'member';
}

/** What an expression holds, given what each name holds at that point. */
function holding(expression: Node, held: ReadonlyMap<string, Holding>): Holding | undefined {
  const node = unparenthesized(expression);
  switch (node.type) {
    case 'identifier':
      return held.get(node.text);
    case 'subscript': {
      const value = node.childForFieldName('value');
      return value && holding(value, held) === 'members' ? 'member' : undefined;
    }
    case 'attribute': {
      const object = node.childForFieldName('object');
      const isMembers = node.childForFieldName('attribute')?.text === 'exceptions' && object !== null && isGroupLike(holding(object, held));
      return isMembers ? 'members' : undefined;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
      const splits = SPLITTERS.has(callee?.childForFieldName('attribute')?.text ?? '') && object !== null && isGroupLike(holding(object, held));
      return splits ? 'group' : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What one binding makes its name hold: `m = eg.exceptions[0]` a member, `for m in eg.exceptions`
 * each member, `match, rest = eg.split(E)` groups, `first, *others = eg.exceptions` a member and
 * members. Anything else (a `with` target, `+=`, a call's result) holds nothing tracked.
 */
function heldBy({ target, binder, source }: NameBinding, held: ReadonlyMap<string, Holding>): Holding | undefined {
  if (binder.type === 'for_statement') {
    return binder.childForFieldName('left')?.equals(target) && holding(source, held) === 'members' ? 'member' : undefined;
  }
  if (binder.type !== 'assignment' && binder.type !== 'named_expression') return undefined;
  let value = source;
  // `a = b = eg.exceptions[0]`: the value `a` takes is the innermost right-hand side.
  while (value.type === 'assignment') value = value.childForFieldName('right') ?? value;
  const left = binder.childForFieldName(binder.type === 'named_expression' ? 'name' : 'left');
  if (!left) return undefined;
  if (left.equals(target)) return holding(value, held);
  const starred = target.parent?.type === 'list_splat_pattern';
  const item = starred ? target.parent!.parent : target.parent;
  if (!item || !UNPACKING.has(item.type) || !item.equals(left)) return undefined;
  const whole = holding(value, held);
  if (whole === 'members') return starred ? 'members' : 'member';
  return whole === 'group' && !starred ? 'group' : undefined;
}

/**
 * What each name holds just before `at`, following the handler's bindings in document order
 * from the group it catches: the latest binding of a name decides. Nested handlers bind their
 * name to a group when they catch groups, to nothing tracked otherwise.
 */
function holdingsBefore(handler: Node, groupName: string, at: number, context: PythonContext): Map<string, Holding> {
  const held = new Map<string, Holding>([[groupName, 'group']]);
  const body = handlerBody(handler);
  if (!body) return held;
  const events: Array<{ at: number; name: string; holds: () => Holding | undefined }> = [];
  for (const clause of descendantsInScope(body, EXCEPT_CLAUSES)) {
    const name = exceptBoundName(clause);
    if (name) events.push({ at: clause.startIndex, name, holds: () => (catchesGroups(clause, context) ? 'group' : undefined) });
  }
  for (const binding of nameBindings(body)) {
    // Comprehension variables live in the comprehension's own scope.
    if (binding.binder.type === 'for_in_clause') continue;
    events.push({ at: binding.source.endIndex, name: binding.target.text, holds: () => heldBy(binding, held) });
  }
  events.sort((a, b) => a.at - b.at);
  for (const event of events) {
    if (event.at > at) break;
    const holds = event.holds();
    if (holds) held.set(event.name, holds);
    else held.delete(event.name);
  }
  return held;
}

/** The outermost handler around the statement, in its function, that binds a caught group to a name. */
function groupHandlerAround(statement: Node, context: PythonContext): { handler: Node; name: string } | undefined {
  let found: { handler: Node; name: string } | undefined;
  for (const up of ancestorsInScope(statement)) {
    if (up.type !== 'except_clause') continue;
    const name = exceptBoundName(up);
    if (name && catchesGroups(up, context)) found = { handler: up, name };
  }
  return found;
}

// A group's members are live exception objects it still holds; raising one rewrites them.
export const exceptionGroupReraise: Rule = {
  meta: {
    id: 'exception-group-reraise',
    title: 'Exception taken out of a group and raised again',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC123'],
    checklist: 'exception-groups-handled',
    fixable: false,
    docs: {
      summary:
        'Finds `raise` statements that raise one member of a caught exception group: `raise eg.exceptions[0]`, or a name ' +
        'holding such a member (`first = eg.exceptions[0]`, `for exc in eg.exceptions`, members of `eg.split()` and ' +
        '`eg.subgroup()`), inside an `except*` handler or an `except` that catches an exception group.',
      why:
        'The member is not a copy: it is the object the group still holds, and raising it again rewrites it. Its ' +
        '`__context__` becomes the group being handled, so the group now holds an exception whose context is the group ' +
        'itself and whatever context the member had is lost; `raise ... from` overwrites its `__cause__` as well; the ' +
        'handler\'s frames are added to its `__traceback__`. The group itself, and every other error it held, is ' +
        'dropped without a trace.',
      fix:
        'Re-raise the whole group with a bare `raise`, or raise a new exception and chain it: ' +
        '`raise ServiceError("fetch failed") from eg`. On Python 3.11+, `except* SomeError:` handles only the ' +
        'members of that type and re-raises the rest untouched.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def fetch_all(urls):\n    try:\n        async with asyncio.TaskGroup() as tg:\n' +
            '            for url in urls:\n                tg.create_task(fetch(url))\n    except* OSError as eg:\n' +
            '        raise eg.exceptions[0]',
          good:
            'import asyncio\n\nasync def fetch_all(urls):\n    try:\n        async with asyncio.TaskGroup() as tg:\n' +
            '            for url in urls:\n                tg.create_task(fetch(url))\n    except* OSError as eg:\n' +
            '        raise FetchError(f"{len(eg.exceptions)} downloads failed") from eg',
        },
      },
      notes:
        'Raising a call\'s result (`raise copy.copy(exc)`, `raise wrap(exc)`) is left alone. A name counts as holding a ' +
        'member according to its latest assignment before the `raise` in the handler, so a name assigned a member and ' +
        'then something else is left alone, where flake8-async still reports it. Beyond flake8-async, unpacking ' +
        '(`first, *rest = eg.exceptions`), group classes imported under another name ' +
        '(`from exceptiongroup import ExceptionGroup as EG`), and raises inside an inner `except` clause of the handler ' +
        'that catches something else (`except OSError:` around its cleanup) are followed. A plain `except` counts as ' +
        'catching groups only when it names a group class (the builtin or backport one, or a class whose name ends in ' +
        '`ExceptionGroup`), not merely because it sits inside an `except*` handler. Raises in functions defined inside ' +
        'the handler are not checked, since they may run after it.',
    },
  },
  python: {
    raise_statement(node, context) {
      const raised = raisedExpression(node);
      const shape = raised && unparenthesized(raised).type;
      if (!raised || (shape !== 'identifier' && shape !== 'subscript')) return;
      const around = groupHandlerAround(node, context);
      if (!around || holding(raised, holdingsBefore(around.handler, around.name, node.startIndex, context)) !== 'member') return;
      context.report(
        node,
        `\`${quoted(raised)}\` is a member of an exception group, and raising it again rewrites its context and ` +
          'traceback while the group still holds it; re-raise the whole group, or raise a new exception chained with `from`',
      );
    },
  },
};
