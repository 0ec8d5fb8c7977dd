import type { Node } from 'web-tree-sitter';
import { ancestors, descendantsInScope, exceptBoundName, handlerBody, isExceptStar, nameBindings } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';

/**
 * What an exception group has besides dunders: its own API and `BaseException`'s, plus
 * `_is_protocol`, which the `exceptiongroup` backport's class carries.
 */
const GROUP_ATTRIBUTES = new Set(['message', 'exceptions', 'subgroup', 'split', 'derive', 'args', 'with_traceback', 'add_note', '_is_protocol']);

const ATTRIBUTE = new Set(['attribute']);

function isDunder(name: string): boolean {
  return name.startsWith('__') && name.endsWith('__');
}

/** `e.flag = value` sets an attribute, which works on a group as on any object. */
function isAssignedTo(attribute: Node): boolean {
  const parent = attribute.parent;
  return parent?.type === 'assignment' && (parent.childForFieldName('left')?.equals(attribute) ?? false);
}

/** True when an `except` clause nested in the handler, around the node, binds the same name. */
function rebindsAround(node: Node, handler: Node, name: string): boolean {
  for (const up of ancestors(node, handler)) {
    if (up.type === 'except_clause' && exceptBoundName(up) === name) return true;
  }
  return false;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * True when the node is evaluated in the comprehension's own scope, where its variables shadow
 * the handler's name: anywhere in it but the first iterable, which is evaluated outside.
 */
function isInComprehensionScope(node: Node, comprehension: Node): boolean {
  const first = comprehension.namedChildren.find((child) => child?.type === 'for_in_clause')?.childForFieldName('right');
  return contains(comprehension, node) && !(first && contains(first, node));
}

// With `except*` the bound name is always a group, even when a single matching exception was raised.
export const exceptStarAttribute: Rule = {
  meta: {
    id: 'except-star-attribute',
    title: 'Exception attribute read on an except* group',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC400'],
    checklist: 'exception-groups-handled',
    fixable: false,
    docs: {
      summary:
        'Finds attributes read on the name an `except* SomeError as eg:` handler binds that exception groups do not have ' +
        '(`eg.errno`, `eg.response`, `eg.code()`), as if it were a single `SomeError`.',
      why:
        '`except*` always binds an exception group holding the matching exceptions, even when only one was raised and ' +
        'even when it was raised bare, outside any group. The group has `message`, `exceptions`, `split()`, ' +
        '`subgroup()`, `derive()` and what every exception has (`args`, `with_traceback()`, `add_note()`, the dunders), ' +
        'but none of the attributes of the exceptions inside it, so reading one raises `AttributeError` in the middle of ' +
        'the handler. That new error replaces the one being handled, and whatever the handler meant to do (log, retry, ' +
        'clean up) does not happen.',
      fix:
        'Read the attribute from each member: `for exc in eg.exceptions: log(exc.errno)`. Members can themselves be ' +
        'groups when groups nest; `eg.subgroup(...)` or a recursive walk reaches the leaves. If the code in the `try` ' +
        'raises single exceptions rather than groups, a plain `except SomeError as exc:` binds the exception itself.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def sync_all(stores):\n    try:\n        async with asyncio.TaskGroup() as tg:\n' +
            '            for store in stores:\n                tg.create_task(store.sync())\n    except* OSError as eg:\n' +
            '        log.warning("sync failed: errno %s", eg.errno)',
          good:
            'import asyncio\n\nasync def sync_all(stores):\n    try:\n        async with asyncio.TaskGroup() as tg:\n' +
            '            for store in stores:\n                tg.create_task(store.sync())\n    except* OSError as eg:\n' +
            '        for exc in eg.exceptions:\n            log.warning("sync failed: errno %s", exc.errno)',
        },
      },
      notes:
        'Dunder attributes (`__traceback__`, `__notes__`...) are always allowed. After the name is assigned again in the ' +
        'handler (`eg = eg.exceptions[0]`, `with ... as eg`), it is left alone, as in flake8-async; code in functions and ' +
        'lambdas defined in the handler is not checked, since it may run later on other values. Unlike flake8-async, ' +
        'setting an attribute (`eg.handled = True`) is not reported, since it works on a group as on any object, an ' +
        'attribute read on the right-hand side of the assignment that rebinds the name (`eg = eg.code`) is still ' +
        'reported, and inside a nested plain `except ... as eg` or a comprehension that binds the same name ' +
        '(`[eg.errno for eg in eg.exceptions]`) the name is something else and is left alone.',
    },
  },
  python: {
    except_clause(node, context) {
      const name = isExceptStar(node) ? exceptBoundName(node) : undefined;
      const body = handlerBody(node);
      if (!name || !body) return;
      const bindings = nameBindings(body).filter(({ target }) => target.text === name);
      // A name assigned in the handler no longer holds the group after the assignment.
      const rebound = bindings.filter(({ binder }) => binder.type !== 'for_in_clause').map(({ source }) => source.endIndex);
      const comprehensions = bindings.filter(({ binder }) => binder.type === 'for_in_clause').map(({ binder }) => binder.parent!);
      for (const attribute of descendantsInScope(body, ATTRIBUTE)) {
        const object = attribute.childForFieldName('object');
        const field = attribute.childForFieldName('attribute')?.text;
        if (object?.type !== 'identifier' || object.text !== name || !field) continue;
        if (GROUP_ATTRIBUTES.has(field) || isDunder(field) || isAssignedTo(attribute)) continue;
        if (rebound.some((end) => end <= attribute.startIndex) || rebindsAround(attribute, node, name)) continue;
        if (comprehensions.some((comprehension) => isInComprehensionScope(attribute, comprehension))) continue;
        context.report(
          attribute,
          `\`${name}.${field}\` fails because \`${name}\` is an exception group in an \`except*\` handler; ` +
            `read \`${field}\` from each exception in \`${name}.exceptions\``,
        );
      }
    },
  },
};
