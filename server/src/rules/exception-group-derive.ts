import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { targetNames } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { exceptionGroupClass } from './support/exception-groups';

const DERIVE = 'derive';

/** The base classes as written, in order (not `metaclass=` and other keywords). */
function baseClasses(definition: Node): Node[] {
  const list = definition.childForFieldName('superclasses');
  return (list?.namedChildren ?? []).filter(
    (base): base is Node => base !== null && !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(base.type),
  );
}

/** `derive` defined in the class body: a method (`def`/`async def`, decorated or not) or an assignment. */
function definesDerive(definition: Node): boolean {
  for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
    if (!member) continue;
    const inner = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (inner?.type === 'function_definition' && inner.childForFieldName('name')?.text === DERIVE) return true;
    const assignment = member.type === 'expression_statement' ? member.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (left && targetNames(left).some((name) => name.text === DERIVE)) return true;
  }
  return false;
}

/**
 * The group class the definition derives from directly (`ExceptionGroup`, `eg.BaseExceptionGroup`,
 * `ExceptionGroup[OSError]`), unless a base listed before it is a class of this module that
 * defines `derive`, which then comes first in the method resolution order.
 */
function groupBase(definition: Node, context: PythonContext): { node: Node; name: string } | undefined {
  for (const base of baseClasses(definition)) {
    const named = base.type === 'subscript' ? base.childForFieldName('value') : base;
    const name = named ? exceptionGroupClass(named, context) : undefined;
    if (name) return { node: base, name };
    if (base.type === 'identifier' && context.symbols.classes.get(base.text)?.methods.has(DERIVE)) return undefined;
  }
  return undefined;
}

// `split()` and `subgroup()`, which `except*` uses, rebuild groups through `derive()`.
export const exceptionGroupDerive: Rule = {
  meta: {
    id: 'exception-group-derive',
    title: 'Exception group subclass without derive()',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC126'],
    checklist: 'exception-groups-handled',
    fixable: false,
    docs: {
      summary:
        'Finds classes that subclass `ExceptionGroup` or `BaseExceptionGroup` (the builtins, or the `exceptiongroup` ' +
        'backport\'s) without defining a `derive()` method.',
      why:
        '`except*`, `split()` and `subgroup()` never modify a group: they build new ones holding the matching members, ' +
        'by calling `derive(excs)` on the original. The inherited `derive()` returns a plain `ExceptionGroup` (or ' +
        '`BaseExceptionGroup`), so as soon as a handler catches part of your group the rest propagates as the base ' +
        'class: `except MyErrors` further up no longer matches, and any extra attributes set in `__new__` or ' +
        '`__init__` are gone.',
      fix:
        'Define `derive(self, excs)` returning an instance of your class built from `self.message`, `excs` and any ' +
        'extra state the class carries. The traceback, cause, context and notes are copied over by `split()` and ' +
        '`subgroup()` themselves.',
      examples: {
        python: {
          bad:
            'class ShardFailures(ExceptionGroup):\n    def __new__(cls, message, excs, shard):\n' +
            '        self = super().__new__(cls, message, excs)\n        self.shard = shard\n        return self',
          good:
            'class ShardFailures(ExceptionGroup):\n    def __new__(cls, message, excs, shard):\n' +
            '        self = super().__new__(cls, message, excs)\n        self.shard = shard\n        return self\n\n' +
            '    def derive(self, excs):\n        return ShardFailures(self.message, excs, self.shard)',
        },
      },
      notes:
        'Only direct subclasses are checked: a subclass of your own group class inherits its `derive()`, and whether ' +
        'that one is right is for you to judge. Assigning `derive = ...` in the class body counts as defining it. ' +
        'Unlike flake8-async, a class is left alone when a base listed before the group class is a class of the same ' +
        'module that defines `derive()` (it comes first in the method resolution order), and group classes imported ' +
        'under another name (`from exceptiongroup import ExceptionGroup as EG`) are recognised.',
    },
  },
  python: {
    class_definition(node, context) {
      const base = groupBase(node, context);
      const name = node.childForFieldName('name');
      if (!base || !name || definesDerive(node)) return;
      context.report(
        name,
        `\`${name.text}\` subclasses \`${base.name}\` without defining \`derive()\`, so \`except*\`, \`split()\` and ` +
          `\`subgroup()\` turn it back into a plain exception group; define \`derive(self, excs)\` returning a \`${name.text}\``,
      );
    },
  },
};
