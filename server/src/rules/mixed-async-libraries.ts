import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { ancestors, hasSplatArguments, positionalArguments } from '../engine/python/syntax';

type Replacement = Readonly<{ anyio: string; trio: string }>;

const TASK_GROUP: Replacement = { anyio: 'a task group (anyio.create_task_group())', trio: 'a nursery (trio.open_nursery())' };
const SEMAPHORE: Replacement = { anyio: 'anyio.Semaphore()', trio: 'trio.Semaphore()' };
const MEMORY_CHANNEL: Replacement = { anyio: 'anyio.create_memory_object_stream()', trio: 'trio.open_memory_channel()' };
const SUBPROCESS: Replacement = { anyio: 'anyio.run_process() or anyio.open_process()', trio: 'trio.run_process()' };

/**
 * asyncio calls that have a native AnyIO and trio counterpart. Task creation is absent on
 * purpose (`unstructured-task` reports it), and so are the interop points AnyIO code
 * legitimately uses: `asyncio.run`, the loop accessors, `run_coroutine_threadsafe`,
 * `current_task`, and the exception classes.
 */
const REPLACEMENTS: ReadonlyMap<string, Replacement> = new Map([
  ['asyncio.sleep', { anyio: 'anyio.sleep()', trio: 'trio.sleep()' }],
  ['asyncio.gather', TASK_GROUP],
  ['asyncio.wait', TASK_GROUP],
  ['asyncio.as_completed', TASK_GROUP],
  ['asyncio.TaskGroup', { anyio: 'anyio.create_task_group()', trio: 'trio.open_nursery()' }],
  ['asyncio.wait_for', { anyio: 'anyio.fail_after()', trio: 'trio.fail_after()' }],
  ['asyncio.timeout', { anyio: 'anyio.fail_after()', trio: 'trio.fail_after()' }],
  ['asyncio.timeout_at', { anyio: 'anyio.CancelScope(deadline=...)', trio: 'trio.fail_at()' }],
  ['asyncio.shield', { anyio: 'anyio.CancelScope(shield=True)', trio: 'trio.CancelScope(shield=True)' }],
  ['asyncio.Lock', { anyio: 'anyio.Lock()', trio: 'trio.Lock()' }],
  ['asyncio.Event', { anyio: 'anyio.Event()', trio: 'trio.Event()' }],
  ['asyncio.Condition', { anyio: 'anyio.Condition()', trio: 'trio.Condition()' }],
  ['asyncio.Semaphore', SEMAPHORE],
  ['asyncio.BoundedSemaphore', SEMAPHORE],
  ['asyncio.Queue', MEMORY_CHANNEL],
  ['asyncio.LifoQueue', MEMORY_CHANNEL],
  ['asyncio.PriorityQueue', MEMORY_CHANNEL],
  ['asyncio.to_thread', { anyio: 'anyio.to_thread.run_sync()', trio: 'trio.to_thread.run_sync()' }],
  ['asyncio.open_connection', { anyio: 'anyio.connect_tcp()', trio: 'trio.open_tcp_stream()' }],
  ['asyncio.open_unix_connection', { anyio: 'anyio.connect_unix()', trio: 'trio.open_unix_socket()' }],
  ['asyncio.start_server', { anyio: 'anyio.create_tcp_listener()', trio: 'trio.serve_tcp()' }],
  ['asyncio.create_subprocess_exec', SUBPROCESS],
  ['asyncio.create_subprocess_shell', SUBPROCESS],
]);

/** `if sniffio.current_async_library() == "asyncio":` and the like: code meant for one backend. */
function isBackendSpecific(node: Node): boolean {
  for (const up of ancestors(node)) {
    if (up.type !== 'if_statement' && up.type !== 'elif_clause' && up.type !== 'conditional_expression') continue;
    const condition = up.type === 'conditional_expression' ? up.namedChild(1) : up.childForFieldName('condition');
    if (condition && /current_async_library|["']asyncio["']/.test(condition.text)) return true;
  }
  return false;
}

/** `asyncio.sleep(delay)` -> `anyio.sleep(delay)`: the same call, when nothing but the delay is passed. */
function sleepFixes(call: Node, library: 'anyio' | 'trio', context: PythonContext): Fix[] {
  const passesKeywords = call.childForFieldName('arguments')!.namedChildren.some((argument) => argument?.type === 'keyword_argument');
  if (positionalArguments(call).length !== 1 || passesKeywords || hasSplatArguments(call)) return [];
  const { reference, edits } = context.moduleReference(library);
  return [
    {
      title: `Use '${library}.sleep()'`,
      safe: true,
      edits: [context.replace(call.childForFieldName('function')!, `${reference}.sleep`), ...edits],
    },
  ];
}

// An AnyIO module that calls asyncio directly runs only on the asyncio backend, and asyncio's
// primitives ignore AnyIO's cancel scopes; in a trio module they fail outright.
export const mixedAsyncLibraries: Rule = {
  meta: {
    id: 'mixed-async-libraries',
    title: 'asyncio API used in an AnyIO or trio module',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'one-async-library',
    fixable: true,
    docs: {
      summary:
        'In a module written for AnyIO or trio (it imports `anyio` or `trio`), finds calls to asyncio functions and ' +
        'primitives that the module\'s library provides itself: `asyncio.sleep`, `gather`, `wait`, `as_completed`, ' +
        '`wait_for`, `timeout`, `shield`, `TaskGroup`, `Lock`, `Event`, `Condition`, `Semaphore`, the queues, ' +
        '`to_thread`, `open_connection`, `start_server` and the subprocess functions.',
      why:
        'AnyIO code is meant to run on any backend; one asyncio call pins it to asyncio, and under trio it fails with ' +
        '"no running event loop". Even on the asyncio backend the mix misbehaves: `asyncio.wait_for` and ' +
        '`asyncio.timeout` cancel with their own mechanism, unaware of the cancel scopes around them, `gather()` ' +
        'leaves siblings running when one fails, and an asyncio lock or queue knows nothing of AnyIO\'s cancellation ' +
        'semantics. In trio code, asyncio calls cannot run at all.',
      fix:
        'Use the module\'s own library: `anyio.sleep()` / `trio.sleep()`, a task group or nursery instead of `gather()`, ' +
        '`fail_after()` instead of `wait_for()`, AnyIO / trio locks and events, and memory object streams or channels ' +
        'instead of queues.',
      examples: {
        python: {
          bad:
            'import asyncio\nimport anyio\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n' +
            '        await asyncio.sleep(5)',
          good: 'import anyio\n\nasync def poll(client):\n    while True:\n        await client.refresh()\n        await anyio.sleep(5)',
        },
      },
      fixSafety:
        'Only `asyncio.sleep(delay)` has a fix: it becomes `anyio.sleep(delay)` or `trio.sleep(delay)`, which waits ' +
        'the same way (the module import is added when missing). It is safe, and not offered when `result=` or other ' +
        'arguments are passed. The other replacements change semantics (a trio lock must be released by its owner, ' +
        'AnyIO events cannot be cleared) and are left to the author.',
      notes:
        'Task creation (`asyncio.create_task`, `ensure_future`, `loop.create_task`) is left to `unstructured-task`, ' +
        'so each call is reported once. Interop that AnyIO code legitimately needs is not reported: `asyncio.run` at ' +
        'an entry point, `get_running_loop()` and other loop access, `run_coroutine_threadsafe`, `current_task`, and ' +
        'asyncio exception classes. Calls under a backend check (`if sniffio.current_async_library() == "asyncio":`) ' +
        'are left alone, as are type annotations. A module counts as AnyIO or trio code when it imports that library.',
    },
  },
  python: {
    call(node, context) {
      const library = context.library;
      if (library === 'asyncio') return;
      const name = context.calleeName(node);
      const replacement = name === undefined ? undefined : REPLACEMENTS.get(name);
      if (!replacement || isBackendSpecific(node)) return;
      const callee = node.childForFieldName('function')!.text;
      const harm = library === 'anyio' ? 'ties this AnyIO module to the asyncio backend' : 'cannot run under trio';
      context.report(node, `'${callee}()' ${harm}; use ${replacement[library]} instead`, {
        fixes: name === 'asyncio.sleep' ? sleepFixes(node, library, context) : [],
      });
    },
  },
};
