import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAsyncStatement, isAwaited, keywordArgument, numberLiteralValue, positionalArguments, withManagers } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { type InstanceOrigin, importedCallee, instanceOrigin, methodCall } from './support/instances';

/** A kind of thread-blocking object: what waiting on it does, and what the module's library offers instead. */
interface Primitive {
  readonly waits: string;
  readonly instead: Readonly<Record<AsyncLibrary, string>>;
}

const LOCK: Primitive = {
  waits: 'waits for a threading lock',
  instead: { asyncio: "an asyncio.Lock with 'async with'", anyio: "an anyio.Lock with 'async with'", trio: "a trio.Lock with 'async with'" },
};
const SEMAPHORE: Primitive = {
  waits: 'waits for a threading semaphore',
  instead: { asyncio: 'asyncio.Semaphore', anyio: 'anyio.Semaphore', trio: 'trio.Semaphore' },
};
const CONDITION: Primitive = {
  waits: 'waits on a threading condition',
  instead: { asyncio: 'asyncio.Condition', anyio: 'anyio.Condition', trio: 'trio.Condition' },
};
const EVENT: Primitive = {
  waits: 'waits for a threading event',
  instead: { asyncio: "asyncio.Event and 'await event.wait()'", anyio: 'anyio.Event', trio: 'trio.Event' },
};
const QUEUE: Primitive = {
  waits: 'waits on a thread queue',
  instead: {
    asyncio: 'asyncio.Queue and await it',
    anyio: 'a memory object stream (anyio.create_memory_object_stream)',
    trio: 'a memory channel (trio.open_memory_channel)',
  },
};
const FUTURE: Primitive = {
  waits: 'waits for a concurrent.futures result',
  instead: {
    asyncio: "'await asyncio.wrap_future(future)'",
    anyio: "'await anyio.to_thread.run_sync(...)' instead of an executor",
    trio: "'await trio.to_thread.run_sync(...)' instead of an executor",
  },
};
const THREAD: Primitive = {
  waits: 'waits for a thread to finish',
  instead: {
    asyncio: "'await asyncio.to_thread(...)' for the work",
    anyio: "'await anyio.to_thread.run_sync(...)' for the work",
    trio: "'await trio.to_thread.run_sync(...)' for the work",
  },
};

const EXECUTORS = new Set([
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.thread.ThreadPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor',
]);

/** A kind of object and the methods of it that wait. */
interface Waitable {
  readonly primitive: Primitive;
  readonly methods: ReadonlySet<string>;
}

const CONCURRENT_FUTURE: Waitable = { primitive: FUTURE, methods: new Set(['result', 'exception']) };

/** Factories of thread-blocking objects, with the methods that wait. */
const PRIMITIVES: ReadonlyMap<string, Waitable> = new Map([
  ['threading.Lock', { primitive: LOCK, methods: new Set(['acquire']) }],
  ['threading.RLock', { primitive: LOCK, methods: new Set(['acquire']) }],
  ['threading.Semaphore', { primitive: SEMAPHORE, methods: new Set(['acquire']) }],
  ['threading.BoundedSemaphore', { primitive: SEMAPHORE, methods: new Set(['acquire']) }],
  ['threading.Condition', { primitive: CONDITION, methods: new Set(['acquire', 'wait', 'wait_for']) }],
  ['threading.Event', { primitive: EVENT, methods: new Set(['wait']) }],
  ['threading.Thread', { primitive: THREAD, methods: new Set(['join']) }],
  ['queue.Queue', { primitive: QUEUE, methods: new Set(['get', 'put', 'join']) }],
  ['queue.LifoQueue', { primitive: QUEUE, methods: new Set(['get', 'put', 'join']) }],
  ['queue.PriorityQueue', { primitive: QUEUE, methods: new Set(['get', 'put', 'join']) }],
  ['queue.SimpleQueue', { primitive: QUEUE, methods: new Set(['get']) }],
  // Futures of `loop.run_coroutine_threadsafe` waited on from the loop itself never complete.
  ['asyncio.run_coroutine_threadsafe', CONCURRENT_FUTURE],
]);

/** Module functions that wait for futures: `wait(futures, timeout)`, `as_completed(futures, timeout)`. */
const FUTURE_WAITERS = new Set(['concurrent.futures.wait', 'concurrent.futures.as_completed']);

function isFalseOrZero(node: Node | undefined): boolean {
  return node?.type === 'false' || numberLiteralValue(node) === 0;
}

/** `acquire(False)`, `get(block=False)`, `wait(0)`, `result(timeout=0)`: calls that return at once. */
function returnsAtOnce(call: Node, method: string): boolean {
  const positional = positionalArguments(call);
  switch (method) {
    case 'acquire': // acquire(blocking, timeout), get(block, timeout)
    case 'get': {
      const block = keywordArgument(call, 'blocking') ?? keywordArgument(call, 'block') ?? positional[0];
      return isFalseOrZero(block) || isFalseOrZero(keywordArgument(call, 'timeout') ?? positional[1]);
    }
    case 'put': // put(item, block, timeout)
      return isFalseOrZero(keywordArgument(call, 'block') ?? positional[1]) || isFalseOrZero(keywordArgument(call, 'timeout') ?? positional[2]);
    case 'wait':
    case 'result':
    case 'exception':
    case 'join':
      return isFalseOrZero(keywordArgument(call, 'timeout') ?? positional[0]);
    default:
      return false;
  }
}

/** An unbounded queue's `put` never waits; only a queue made with a non-zero maxsize can fill up. */
function isBoundedQueue(origin: InstanceOrigin): boolean {
  if (!origin.call) return false;
  const maxsize = keywordArgument(origin.call, 'maxsize') ?? positionalArguments(origin.call)[0];
  return maxsize !== undefined && !isFalseOrZero(maxsize) && maxsize.type !== 'unary_operator';
}

/** What kind of blocking object the origin is, when it is one: a primitive, or a future from `executor.submit()`. */
function primitiveOf(origin: InstanceOrigin | undefined): Waitable | undefined {
  if (!origin) return undefined;
  if (origin.chain.length === 0) return PRIMITIVES.get(origin.factory);
  const isSubmitted = origin.chain.length === 1 && origin.chain[0] === 'submit' && EXECUTORS.has(origin.factory);
  return isSubmitted ? CONCURRENT_FUTURE : undefined;
}

/** Every method name that waits on some primitive, to skip other calls before resolving receivers. */
const WAITING_METHODS = new Set([...PRIMITIVES.values()].flatMap((waitable) => [...waitable.methods]));

function waitingPrimitive(call: Node, context: PythonContext): Primitive | undefined {
  if (importedCallee(call, context, (name) => FUTURE_WAITERS.has(name)) !== undefined) {
    return isFalseOrZero(keywordArgument(call, 'timeout') ?? positionalArguments(call)[1]) ? undefined : FUTURE;
  }
  const method = methodCall(call, context);
  if (!method || !WAITING_METHODS.has(method.method)) return undefined;
  const kind = primitiveOf(method.origin);
  if (!kind?.methods.has(method.method) || returnsAtOnce(call, method.method)) return undefined;
  if (method.method === 'put' && !isBoundedQueue(method.origin!)) return undefined;
  return kind.primitive;
}

function message(subject: string, primitive: Primitive, library: AsyncLibrary): string {
  return `'${subject}' ${primitive.waits}, which blocks the event loop; use ${primitive.instead[library]}`;
}

// Thread primitives block the whole thread, and on the event loop thread that is every task.
export const blockingSyncPrimitive: Rule = {
  meta: {
    id: 'blocking-sync-primitive',
    title: 'Thread synchronization primitive waited on inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'no-thread-primitives',
    fixable: false,
    docs: {
      summary:
        'Finds waits on thread primitives in the body of an `async def`: `acquire()` or `with` on a ' +
        '`threading.Lock`, `RLock`, `Semaphore` or `Condition`, `threading.Event().wait()`, `Thread.join()`, ' +
        'blocking `get()` / `put()` / `join()` on a `queue.Queue`, and `result()` on a `concurrent.futures` future.',
      why:
        'These primitives make the calling thread sleep until another thread acts. On the event loop thread that ' +
        'stops every task, including, very often, the task that would have released the lock, set the event or ' +
        'filled the queue: the program deadlocks. When the other side is a real thread, the loop still freezes for ' +
        'as long as that thread takes. `future.result()` on a `run_coroutine_threadsafe` future that targets the ' +
        'same loop can never complete.',
      fix:
        'Use the async primitive of the module\'s library: `asyncio.Lock` / `anyio.Lock` / `trio.Lock` with ' +
        '`async with`, the matching `Event`, `Semaphore` and `Condition`, `asyncio.Queue` or a memory object ' +
        'stream / channel for queues, and `await asyncio.wrap_future(future)` (or `loop.run_in_executor`) for ' +
        'executor futures. To share state with real threads, hand the blocking side to `asyncio.to_thread`.',
      examples: {
        python: {
          bad:
            'import threading\n\nclass TokenCache:\n    def __init__(self):\n        self._lock = threading.Lock()\n' +
            '        self._token = None\n\n    async def token(self):\n        with self._lock:\n' +
            '            if self._token is None:\n                self._token = await fetch_token()\n            return self._token',
          good:
            'import asyncio\n\nclass TokenCache:\n    def __init__(self):\n        self._lock = asyncio.Lock()\n' +
            '        self._token = None\n\n    async def token(self):\n        async with self._lock:\n' +
            '            if self._token is None:\n                self._token = await fetch_token()\n            return self._token',
        },
      },
      notes:
        'Precision first: the object must be known to be a thread primitive, created in the same function ' +
        '(`lock = threading.Lock()`, `future = executor.submit(...)` on a `ThreadPoolExecutor` made there), annotated ' +
        'as one, or stored on `self` by the same class (in `__init__`, another method, or as a class attribute) with ' +
        'no assignment of anything else. Calls that return at once are left alone: `acquire(False)`, ' +
        '`get(block=False)`, `get_nowait()`, `wait(0)`, `result(timeout=0)`, and `put()` on a queue created without ' +
        'a `maxsize` (it never fills up). A lock that only guards a few statements shared with worker threads is ' +
        'sometimes acceptable; suppress the finding on that line. There is no peer code for this rule.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      const primitive = waitingPrimitive(node, context);
      if (primitive) context.report(node, message(`${node.childForFieldName('function')!.text}()`, primitive, context.library));
    },
    with_statement(node, context) {
      if (!context.inAsyncContext || isAsyncStatement(node)) return;
      for (const manager of withManagers(node)) {
        const kind = primitiveOf(instanceOrigin(manager, context));
        // Entering a lock, semaphore or condition acquires it; other objects' `with` does not wait.
        if (kind?.methods.has('acquire')) context.report(manager, message(`with ${manager.text}`, kind.primitive, context.library));
      }
    },
  },
};
