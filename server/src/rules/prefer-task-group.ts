import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { keywordArgument, nameBindings, namesRead, positionalArguments } from '../engine/python/syntax';
import { builtinCallee } from './support/builtins';
import { taskFactory } from './support/task-factories';

const TASK_COLLECTIONS = new Set(['list', 'set', 'tuple']);
const TASK_COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);
/** Methods that put one task into a list or set being filled: `tasks.append(asyncio.create_task(...))`. */
const COLLECTING_METHODS = new Set(['append', 'add']);

/** A call that starts a task: `asyncio.create_task(...)`, `loop.create_task(...)`, `asyncio.ensure_future(...)`. */
function isTaskCall(node: Node, context: PythonContext): boolean {
  return node.type === 'call' && taskFactory(node, context) !== undefined;
}

/**
 * True when every binding of `name` in the function gives it a value `fresh` accepts, or an empty
 * list or set that is then only filled with new tasks.
 */
function boundToFresh(name: Node, body: Node, context: PythonContext, fresh: (value: Node) => boolean): boolean {
  const bindings = nameBindings(body).filter(({ target }) => target.text === name.text);
  if (bindings.length === 0) return false;
  return bindings.every(({ binder, source }) => {
    if (binder.type !== 'assignment' && binder.type !== 'named_expression') return false;
    return fresh(source) || (isEmptyCollection(source, context) && filledWithTasks(name, body, context));
  });
}

/** `[]`, `list()` or `set()`. */
function isEmptyCollection(node: Node, context: PythonContext): boolean {
  if (node.type === 'list') return node.namedChildCount === 0;
  const builtin = node.type === 'call' ? builtinCallee(node, context) : undefined;
  return (builtin === 'list' || builtin === 'set') && node.childForFieldName('arguments')?.namedChildCount === 0;
}

/** `tasks.append(asyncio.create_task(...))` for every use of `tasks` before the gather, at least once. */
function filledWithTasks(name: Node, body: Node, context: PythonContext): boolean {
  const uses = namesRead(body).filter((read) => read.text === name.text && read.endIndex <= name.startIndex);
  return (
    uses.length > 0 &&
    uses.every((use) => {
      const method = use.parent?.type === 'attribute' ? use.parent : null;
      const call = method?.parent;
      if (!method || call?.type !== 'call' || !call.childForFieldName('function')?.equals(method)) return false;
      const [item] = positionalArguments(call);
      return COLLECTING_METHODS.has(method.childForFieldName('attribute')?.text ?? '') && item !== undefined && isTaskCall(item, context);
    })
  );
}

/** A task started in this function: `asyncio.create_task(f())`, or a name bound only to such calls. */
function isFreshTask(node: Node, body: Node, context: PythonContext): boolean {
  if (node.type === 'identifier') return boundToFresh(node, body, context, (value) => isTaskCall(value, context));
  return isTaskCall(node, context);
}

/** `[create_task(f(x)) for x in xs]`, `[create_task(a()), create_task(b())]`, or a name bound to one. */
function isFreshTaskCollection(node: Node, body: Node, context: PythonContext): boolean {
  if (node.type === 'identifier') {
    // Only a literal or comprehension ends the chain, so `a = b` / `b = a` cannot loop.
    return boundToFresh(node, body, context, (value) => value.type !== 'identifier' && isFreshTaskCollection(value, body, context));
  }
  if (TASK_COMPREHENSIONS.has(node.type)) {
    const element = node.childForFieldName('body');
    return element !== null && isTaskCall(element, context);
  }
  const elements = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  return TASK_COLLECTIONS.has(node.type) && elements.length > 0 && elements.every((element) => isTaskCall(element, context));
}

/** True when everything the gather waits for is a task the function has just started. */
function gathersFreshTasks(gather: Node, body: Node, context: PythonContext): boolean {
  const list = gather.childForFieldName('arguments');
  const awaited = list?.namedChildren.filter(
    (child): child is Node => child !== null && child.type !== 'keyword_argument' && child.type !== 'comment',
  );
  if (!awaited || awaited.length === 0) return false;
  return awaited.every((argument) => {
    const splatted = argument.type === 'list_splat' ? argument.firstNamedChild : null;
    if (splatted) return isFreshTaskCollection(splatted, body, context);
    return argument.type !== 'dictionary_splat' && argument.type !== 'list_splat' && isFreshTask(argument, body, context);
  });
}

// Tasks started only to be gathered are what a TaskGroup is for, and it cleans up after a failure.
export const preferTaskGroup: Rule = {
  meta: {
    id: 'prefer-task-group',
    title: 'Tasks created only to be gathered',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: false,
    aliases: [],
    checklist: 'tasks-structured',
    fixable: false,
    docs: {
      summary:
        'Finds `asyncio.gather()` over tasks the same function has just created (`gather(*[asyncio.create_task(f(x)) ' +
        'for x in xs])`, or tasks kept in variables and gathered later), where an `asyncio.TaskGroup` would own ' +
        'them. Python 3.11+ and asyncio only.',
      why:
        'When one of the tasks fails, `gather()` raises that exception to the caller at once, but it does not ' +
        'cancel the other tasks: they keep running with nobody waiting for them, still holding connections and ' +
        'possibly writing results after the caller has given up, and anything they raise later is silently ' +
        'discarded. (The others are cancelled only when the `gather()` itself is cancelled.) A `TaskGroup` cancels ' +
        'the remaining tasks as soon as one fails, waits until they have all finished, and raises every failure ' +
        'together in an `ExceptionGroup`, so nothing outlives the block that started it.',
      fix:
        'Create the tasks inside `async with asyncio.TaskGroup() as tg:` with `tg.create_task(...)`, and read ' +
        'each task\'s `result()` after the block. Failures arrive as an `ExceptionGroup`: handle them with ' +
        '`except*`, or catch `ExceptionGroup` and look at its `exceptions`.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def load_all(urls):\n    tasks = [asyncio.create_task(fetch(url)) for url in urls]\n' +
            '    return await asyncio.gather(*tasks)',
          good:
            'import asyncio\n\nasync def load_all(urls):\n    async with asyncio.TaskGroup() as tg:\n' +
            '        tasks = [tg.create_task(fetch(url)) for url in urls]\n    return [task.result() for task in tasks]',
        },
      },
      notes:
        'Off by default: it is a structural suggestion, and rewriting working code to task groups is a choice. ' +
        'It reports only when the module targets Python 3.11 or later (where `TaskGroup` exists) and uses ' +
        'asyncio, and only when every argument of the `gather()` is a task the function itself has just started. ' +
        'A `gather()` with `return_exceptions=True` is left alone: it deliberately lets every task finish and ' +
        'collects all outcomes, which a `TaskGroup` does not do. A `gather()` of plain coroutines fails the same ' +
        'way but is the everyday idiom and is not reported: the rule targets code that already starts tasks by ' +
        'hand, where a task group is the direct replacement.',
    },
  },
  python: {
    call(node, context) {
      if (context.library !== 'asyncio' || !context.atLeast(3, 11) || !context.inAsyncContext) return;
      if (context.calleeName(node) !== 'asyncio.gather') return;
      const returnExceptions = keywordArgument(node, 'return_exceptions');
      if (returnExceptions && returnExceptions.type !== 'false') return;
      const body = context.currentFunction!.node.childForFieldName('body');
      if (!body || !gathersFreshTasks(node, body, context)) return;
      context.report(
        node,
        `${node.childForFieldName('function')!.text}() over tasks created just for it leaves the other tasks running when one fails; ` +
          'start them in an asyncio.TaskGroup, which cancels the rest and waits for them',
      );
    },
  },
};
