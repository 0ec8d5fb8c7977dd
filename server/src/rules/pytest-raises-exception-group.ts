import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { descendantsInScope, enclosingFunction, keywordArgument, unparenthesized, withTarget } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { exceptionGroupClass } from './support/exception-groups';
import { importedCallee } from './support/instances';
import { quoted } from './support/messages';

const CALL = new Set(['call']);

/** What `pytest.raises` is told to expect: its first argument, or `expected_exception=`. */
function expectedException(call: Node): Node | undefined {
  const list = call.childForFieldName('arguments');
  if (list?.type !== 'argument_list') return undefined;
  const first = list.namedChildren.find((argument): argument is Node => argument !== null && argument.type !== 'comment');
  if (!first || first.type === 'list_splat') return undefined;
  if (first.type === 'keyword_argument' || first.type === 'dictionary_splat') return keywordArgument(call, 'expected_exception');
  return first;
}

/** The exception group class an expected exception names, looking into tuples (nested ones too). */
function groupClassIn(expected: Node, context: PythonContext): Node | undefined {
  const node = unparenthesized(expected);
  if (node.type !== 'tuple') return exceptionGroupClass(node, context) ? node : undefined;
  for (const member of node.namedChildren) {
    const found = member ? groupClassIn(member, context) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * `with pytest.raises(ExceptionGroup) as excinfo:` followed by `excinfo.group_contains(...)` in
 * the same function: pytest's own way (8.0+) to check what the group holds.
 */
function checksMembers(call: Node): boolean {
  const name = withTarget(call);
  const body = enclosingFunction(call)?.childForFieldName('body');
  if (!name || !body) return false;
  return descendantsInScope(body, CALL).some((other) => {
    const callee = other.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    return callee?.childForFieldName('attribute')?.text === 'group_contains' && object?.type === 'identifier' && object.text === name;
  });
}

// A group is a container: that one was raised says little about what went wrong inside it.
export const pytestRaisesExceptionGroup: Rule = {
  meta: {
    id: 'pytest-raises-exception-group',
    title: 'pytest.raises() expecting an exception group',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC401', 'ASYNC430'],
    checklist: 'exception-groups-handled',
    fixable: false,
    docs: {
      summary:
        'Finds `pytest.raises()` told to expect `ExceptionGroup` or `BaseExceptionGroup` (the builtins or the ' +
        '`exceptiongroup` backport\'s), alone, in a tuple or as `expected_exception=`.',
      why:
        'Task groups and nurseries wrap every failure in an exception group, so a test of concurrent code that expects ' +
        'one passes whatever went wrong inside it: a `KeyError` from a typo in the test, a timeout, a different error ' +
        'than the one under test. The test keeps passing after the behaviour it was written for is gone.',
      fix:
        'Use `pytest.RaisesGroup` (pytest 8.4+) and name the exceptions the group must hold: ' +
        '`with pytest.RaisesGroup(ValueError):`, with `pytest.RaisesExc(ValueError, match=...)` to check a message and ' +
        'nested `RaisesGroup(...)` for nested groups. On older pytest, `trio.testing.RaisesGroup` does the same, or ' +
        'check the contents with `excinfo.group_contains(ValueError)` (pytest 8.0+).',
      examples: {
        python: {
          bad:
            'import pytest\n\nasync def test_rejects_bad_rows(loader):\n    with pytest.raises(ExceptionGroup):\n' +
            '        await loader.load_all(["ok", "bad"])',
          good:
            'import pytest\n\nasync def test_rejects_bad_rows(loader):\n    with pytest.RaisesGroup(ValueError):\n' +
            '        await loader.load_all(["ok", "bad"])',
        },
      },
      notes:
        'Applies in sync and async code and at module level, as flake8-async\'s ASYNC401 does (its earlier code, ' +
        'ASYNC430, only looked inside `async def`). A group class named through a variable or a subclass is not ' +
        'recognised, and neither `pytest.RaisesGroup(ExceptionGroup)` nor `pytest.mark.xfail(raises=ExceptionGroup)` ' +
        'is checked. Unlike flake8-async, `with pytest.raises(ExceptionGroup) as excinfo:` is left alone when the same ' +
        'function then calls `excinfo.group_contains(...)`, which does check the members.',
    },
  },
  python: {
    call(node, context) {
      if (importedCallee(node, context, (name) => name === 'pytest.raises') === undefined) return;
      const expected = expectedException(node);
      const group = expected && groupClassIn(expected, context);
      if (!group || checksMembers(node)) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(
        node,
        `\`${callee}()\` expecting \`${quoted(group)}\` passes for any exception group, whatever it holds; ` +
          'use `pytest.RaisesGroup(...)` naming the exceptions it must contain',
      );
    },
  },
};
