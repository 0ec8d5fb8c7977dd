import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { keywordArgument, nameBindings, positionalArguments } from '../engine/python/syntax';
import { callsCoroutineFunction } from './support/coroutine-calls';

const DISPLAYS = new Set(['list', 'set', 'tuple']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);

/** The coroutine calls among what a collection expression produces: its elements, or its comprehension body. */
function coroutineCalls(collection: Node, context: PythonContext): Node[] {
  const produced = COMPREHENSIONS.has(collection.type)
    ? [collection.childForFieldName('body')]
    : DISPLAYS.has(collection.type)
      ? collection.namedChildren
      : [];
  return produced.filter((node): node is Node => node?.type === 'call' && callsCoroutineFunction(node, context));
}

/** The one collection a local name is bound to in the function, if it is bound exactly once, by a plain assignment. */
function soleValue(name: Node, body: Node): Node | undefined {
  const bindings = nameBindings(body).filter(({ target }) => target.text === name.text);
  return bindings.length === 1 && bindings[0].binder.type === 'assignment' ? bindings[0].source : undefined;
}

function wrapInTasks(calls: readonly Node[], context: PythonContext): Fix {
  const { reference, edits: importEdits } = context.moduleReference('asyncio');
  const edits = calls.flatMap((call) => {
    const end = context.rangeOf(call).end;
    return [context.insertBefore(call, `${reference}.create_task(`), { range: { start: end, end }, newText: ')' }];
  });
  return { title: `Wrap each coroutine in '${reference}.create_task()'`, safe: true, edits: [...edits, ...importEdits] };
}

// Since Python 3.11 asyncio.wait() refuses coroutines outright instead of wrapping them in tasks.
export const waitWithCoroutines: Rule = {
  meta: {
    id: 'wait-with-coroutines',
    title: 'asyncio.wait() given coroutines instead of tasks',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'coroutines-awaited',
    fixable: true,
    docs: {
      summary:
        'Finds `asyncio.wait()` called with coroutines (a list, set or comprehension of calls to coroutine ' +
        'functions) rather than tasks, when the module targets Python 3.11 or later.',
      why:
        'Since Python 3.11, `asyncio.wait()` raises `TypeError: Passing coroutines is forbidden, use tasks ' +
        'explicitly.` as soon as it sees a coroutine, so none of the work runs (and each coroutine is later ' +
        'reported as never awaited). Older versions wrapped the coroutines in tasks silently, with a ' +
        'DeprecationWarning from 3.8, so code written for them breaks on upgrade. Even there, the `done` and ' +
        '`pending` sets hold the wrapping tasks, not the coroutines, so a check like `coro in done` is never true.',
      fix:
        'Start each coroutine as a task and pass the tasks: `asyncio.wait([asyncio.create_task(f(x)) for x in xs])`. ' +
        'Keep the tasks if you need to tell them apart in `done` and `pending`, and cancel what is still pending ' +
        'when you stop waiting.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def download(url):\n    ...\n\nasync def first_mirror(urls):\n    done, pending = await asyncio.wait(\n' +
            '        [download(url) for url in urls], return_when=asyncio.FIRST_COMPLETED\n    )',
          good:
            'import asyncio\n\nasync def download(url):\n    ...\n\nasync def first_mirror(urls):\n    done, pending = await asyncio.wait(\n' +
            '        [asyncio.create_task(download(url)) for url in urls], return_when=asyncio.FIRST_COMPLETED\n    )',
        },
      },
      fixSafety:
        'Safe. Offered when the coroutines are written in the call itself (a list, set or tuple of calls, or a ' +
        'comprehension): each coroutine call is wrapped in `asyncio.create_task(...)`, which is exactly what ' +
        'Python did implicitly before 3.11, and the `asyncio` import is added when the module lacks one. When ' +
        'the coroutines come from a variable assigned earlier in the function, the finding has no fix, since the ' +
        'change belongs at that assignment.',
      notes:
        'Reported only when the target Python version is 3.11 or later, where the call raises; on older targets ' +
        'the call still works. The callee must be known to be a coroutine function, as for ' +
        '`unawaited-coroutine`; awaitables of unknown kind (tasks, futures, parameters) are left alone.',
    },
  },
  python: {
    call(node, context) {
      if (!context.atLeast(3, 11) || context.calleeName(node) !== 'asyncio.wait') return;
      // `asyncio.wait(f(x) for x in xs)`: a lone generator expression is the whole argument list.
      const lone = node.childForFieldName('arguments');
      const awaitables = lone?.type === 'generator_expression' ? lone : (positionalArguments(node)[0] ?? keywordArgument(node, 'fs'));
      if (!awaitables) return;
      const body = context.currentFunction?.node.childForFieldName('body');
      const assigned = awaitables.type === 'identifier' && body ? soleValue(awaitables, body) : undefined;
      const calls = coroutineCalls(assigned ?? awaitables, context);
      if (calls.length === 0) return;
      const wait = node.childForFieldName('function')!.text;
      context.report(
        node,
        `${wait}() raises TypeError when given coroutines (Python 3.11+); wrap each in asyncio.create_task() and pass the tasks`,
        { fixes: assigned ? [] : [wrapInTasks(calls, context)] },
      );
    },
  },
};
