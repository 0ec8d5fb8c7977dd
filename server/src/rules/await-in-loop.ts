import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import {
  ancestors,
  containsAwait,
  derivedNames,
  descendantsInScope,
  enclosingLoop,
  isAsyncStatement,
  nameBindings,
  namesRead,
  positionalArguments,
  targetNames,
  withManagers,
} from '../engine/python/syntax';
import { isResultPassthrough } from './support/awaitables';
import { loopsAround } from './support/fan-out';
import { timeoutScopeOf } from './support/scopes';

/**
 * Awaited operations that make a loop sequential on purpose, matched on the callee's last name.
 * Precision matters more than recall here: one of these anywhere in the loop keeps it silent.
 */
const SEQUENTIAL_OPERATIONS = new Set([
  // The loop paces or synchronises itself, or already runs each batch concurrently.
  'acquire', 'wait', 'wait_for', 'join', 'checkpoint', 'gather',
  // Ordered I/O on one queue, stream or socket: reordering or overlapping it breaks the protocol.
  'put', 'read', 'readline', 'readlines', 'readexactly', 'readuntil', 'readany', 'readchunk',
  'recv', 'recv_into', 'recvfrom', 'receive', 'receive_some', 'receive_bytes', 'receive_text', 'receive_json',
  'send', 'sendall', 'send_all', 'sendto', 'sendfile', 'send_bytes', 'send_text', 'send_json', 'send_message',
  'write', 'writelines', 'drain', 'flush', 'publish', 'emit', 'ack', 'nack',
  // Statements on one database connection or session, which cannot run two at once. Django's async
  // ORM methods and asgiref's `sync_to_async` (thread-sensitive by default) run in one thread anyway.
  'execute', 'executemany', 'executescript', 'fetchrow', 'fetchval', 'fetchone', 'fetchall', 'fetchmany',
  'commit', 'rollback', 'refresh', 'scalar', 'scalars', 'copy_records_to_table',
  'asave', 'adelete', 'acreate', 'aget', 'aget_or_create', 'aupdate_or_create', 'aupdate', 'abulk_create',
  'abulk_update', 'arefresh_from_db', 'sync_to_async',
  // Driving one browser page: navigation and input happen in order.
  'goto', 'click', 'fill', 'press', 'type',
]);

/** Lifecycle steps (start-up and shut-down: `start`, `aclose`, `_finalize_one`...), usually ordered on purpose. */
const LIFECYCLE_NAME = /^_?(start|stop|close|aclose|wait_closed|shutdown|connect|disconnect|setup|teardown|cleanup|finali[sz]e|dispose|release|terminate)(_|$)/;

/** Names that pace a loop: `asyncio.sleep`, `self._throttle()`, `limiter.rate_limit()`, `backoff(...)`. */
const PACING_NAME = /sleep|throttle|rate_?limit|backoff/i;

/**
 * Names that hold one database connection or cursor, as the receiver or an argument of the call:
 * `conn.fetch(...)`, `self._cursor.execute(...)`, `crud.create(db, item)`. `session` is not among
 * them: it is as often an aiohttp session, the classic case for running requests concurrently.
 */
const CONNECTION_NAME = /^_?(db|conn|connection|cursor|cur|tx|txn|transaction)$|_(db|conn|connection|cursor)$/i;

/** In a module that imports an ORM, though, a `session` is a database session, which runs one statement at a time. */
const ORM_MODULES = ['sqlalchemy', 'sqlmodel'];
const SESSION_NAME = /(^|_)session$/i;

/** Method names of ordered stream and messaging operations: `send_and_wait`, `receive_json`, `read_frame`... */
const ORDERED_METHOD = /^(send|recv|receive|read|write|publish)_/;

const STOP_TYPES = new Set(['break_statement', 'return_statement', 'raise_statement', 'assert_statement', 'yield']);
/**
 * Test assertions, which stop the loop at the first failing item like `assert` does: assertion
 * methods (`self.assertEqual`, `mock.assert_awaited_once`) and `with pytest.raises(...)`.
 */
const ASSERTION_NAME = /^(assert|raises$|warns$)/;
const CALL = new Set(['call']);
/** Iterables written out in the code: a handful of fixed cases, often a test's parameters. */
const LITERAL_ITERABLES = new Set(['list', 'tuple', 'set', 'dictionary', 'string']);
/** Its groups share one underlying iterator: each must be consumed before the next is taken. */
const GROUPBY = 'itertools.groupby';
const SUSPENSION_TYPES = new Set(['await', 'with_statement']);
const AWAIT = new Set(['await']);

interface LoopShape {
  /** The names the loop binds per item. */
  items: string[];
  /** What it iterates: a `for`'s iterable, or each `for` clause's of a comprehension. */
  iterables: Node[];
  /** The code it runs per item: a `for`'s body, or the whole comprehension. */
  repeated: Node;
}

/** The parts of a `for` loop or comprehension; undefined for `async for` loops and async comprehensions. */
function loopShape(loop: Node): LoopShape | undefined {
  const clauses =
    loop.type === 'for_statement' ? [loop] : loop.namedChildren.filter((child): child is Node => child?.type === 'for_in_clause');
  const repeated = loop.type === 'for_statement' ? loop.childForFieldName('body') : loop;
  if (clauses.length === 0 || clauses.some(isAsyncStatement) || !repeated) return undefined;
  return {
    items: clauses.flatMap((clause) => targetNames(clause.childForFieldName('left')!).map((name) => name.text)),
    iterables: clauses.map((clause) => clause.childForFieldName('right')!),
    repeated,
  };
}

/** Loops whose order is fixed by what they iterate: literal cases, or `itertools.groupby` groups. */
function iteratesInOrder(iterables: readonly Node[], context: PythonContext): boolean {
  return iterables.some((iterable) => LITERAL_ITERABLES.has(iterable.type) || (iterable.type === 'call' && context.calleeName(iterable) === GROUPBY));
}

/** The call an `await` runs, looking through parentheses and wrappers such as `asyncio.wait_for`. */
function awaitedCall(awaited: Node, context: PythonContext): Node | undefined {
  let expression = awaited.type === 'await' ? awaited.namedChild(0) : awaited;
  while (expression) {
    if (expression.type === 'parenthesized_expression') expression = expression.namedChild(0);
    else if (expression.type === 'call' && isResultPassthrough(expression, context)) {
      expression = positionalArguments(expression)[0] ?? null;
    } else break;
  }
  return expression?.type === 'call' ? expression : undefined;
}

function lastName(expression: Node | null): string | undefined {
  if (expression?.type === 'identifier') return expression.text;
  if (expression?.type === 'attribute') return expression.childForFieldName('attribute')?.text;
  if (expression?.type === 'call') return lastName(expression.childForFieldName('function'));
  return undefined;
}

/** The field holding the inner expression of an attribute, call or subscript: `x` in `x.a`, `x()`, `x[0]`. */
const INNER_EXPRESSION: Readonly<Record<string, string>> = { attribute: 'object', call: 'function', subscript: 'value' };

/** The variable a receiver expression starts from: `response` in `response.content.read`. */
function rootName(expression: Node | null): string | undefined {
  while (expression && INNER_EXPRESSION[expression.type]) expression = expression.childForFieldName(INNER_EXPRESSION[expression.type]);
  return expression?.type === 'identifier' ? expression.text : undefined;
}

/**
 * True for awaited calls that keep a loop sequential: pacing, locks, batches, and ordered
 * operations on a queue, stream, socket or connection shared between iterations. An object
 * made in the iteration itself (`async with session.get(url) as response: await response.read()`)
 * is not shared, so its operations do not count.
 */
function isSequentialByDesign(call: Node, madeInIteration: ReadonlySet<string>, context: PythonContext): boolean {
  const callee = call.childForFieldName('function');
  const name = lastName(callee);
  if (name !== undefined && PACING_NAME.test(name)) return true;
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const root = rootName(receiver);
  if (root !== undefined && madeInIteration.has(root)) return false;
  if (name !== undefined && (SEQUENTIAL_OPERATIONS.has(name) || LIFECYCLE_NAME.test(name))) return true;
  if (name !== undefined && receiver !== null && ORDERED_METHOD.test(name)) return true;
  const usesOrm = ORM_MODULES.some((module) => context.imports.modules.has(module));
  const isConnection = (candidate: string | undefined) =>
    candidate !== undefined && (CONNECTION_NAME.test(candidate) || (usesOrm && SESSION_NAME.test(candidate)));
  return [receiver, ...positionalArguments(call)].some((operand) => isConnection(lastName(operand)) || isConnection(rootName(operand)));
}

/**
 * True when an iteration depends on an earlier one: a name written in the loop is read before
 * that write in the same iteration (so the read sees the previous iteration's value), and the
 * value came from awaited work or feeds it (cursors, tokens, `prev` chains). Comprehension
 * variables cannot carry over, so only other bindings count.
 */
function carriesAwaitedState(repeated: Node): boolean {
  const bindings = nameBindings(repeated).filter((binding) => binding.binder.type !== 'for_in_clause');
  const firstWrite = new Map<string, number>();
  for (const { target, binder, source } of bindings) {
    // A loop writes its target after evaluating the iterable; an assignment once its value is computed.
    const writtenAt = binder.type === 'for_statement' ? source.endIndex : binder.endIndex;
    firstWrite.set(target.text, Math.min(writtenAt, firstWrite.get(target.text) ?? Infinity));
  }
  const carriedReads = namesRead(repeated).filter((read) => read.startIndex < (firstWrite.get(read.text) ?? -1));
  if (carriedReads.length === 0) return false;
  const fromAwaits = derivedNames(
    repeated,
    bindings.filter((binding) => containsAwait(binding.source)).map((binding) => binding.target.text),
  );
  const readsInAwait = new Set(
    namesRead(repeated)
      .filter((read) => [...ancestors(read, repeated)].some((up) => up.type === 'await'))
      .map((read) => read.text),
  );
  return carriedReads.some((read) => fromAwaits.has(read.text) || readsInAwait.has(read.text));
}

/**
 * The first awaited call of this loop (not of a nested one) that works on the loop's item, or
 * undefined when the loop is sequential on purpose: it stops on a result, paces itself, does
 * ordered I/O, holds a lock, transaction or task group per item, or carries state forward.
 */
function independentAwait(loop: Node, context: PythonContext): Node | undefined {
  const shape = loopShape(loop);
  if (!shape) return undefined;
  const { repeated } = shape;
  if (iteratesInOrder(shape.iterables, context) || descendantsInScope(repeated, STOP_TYPES).length > 0) return undefined;
  if (descendantsInScope(repeated, CALL).some((call) => ASSERTION_NAME.test(lastName(call) ?? ''))) return undefined;
  // Loop targets are shared with other iterations' work as much as outer names are (`for ws in sockets`).
  const madeInIteration = new Set(
    nameBindings(repeated)
      .filter(({ binder }) => binder.type !== 'for_statement' && binder.type !== 'for_in_clause')
      .map(({ target }) => target.text),
  );
  const awaitedCalls = descendantsInScope(repeated, AWAIT).map((awaited) => awaitedCall(awaited, context));
  if (awaitedCalls.some((call) => call !== undefined && isSequentialByDesign(call, madeInIteration, context))) return undefined;
  const perItem = derivedNames(repeated, shape.items);
  const readsItem = (node: Node) => namesRead(node).some((read) => perItem.has(read.text));
  let first: Node | undefined;
  for (const suspension of descendantsInScope(repeated, SUSPENSION_TYPES)) {
    if (suspension.type === 'with_statement') {
      if (!isAsyncStatement(suspension)) continue;
      for (const manager of withManagers(suspension)) {
        if (timeoutScopeOf(manager, context)) continue;
        // A lock, semaphore, transaction or task group entered per item serialises or batches on purpose.
        if (!readsItem(manager)) return undefined;
        if (!first && isOwnWork(manager, loop)) first = manager;
      }
      continue;
    }
    const call = awaitedCall(suspension, context);
    const callee = call?.childForFieldName('function');
    // Calling each item in turn (`for handler in handlers: await handler(event)`) is dispatch, ordered on purpose.
    const callsItem = callee?.type === 'identifier' && perItem.has(callee.text);
    if (!first && call && !callsItem && readsItem(call) && isOwnWork(suspension, loop)) first = suspension;
  }
  if (!first || carriesAwaitedState(repeated)) return undefined;
  return first;
}

/** Work this loop repeats itself: not a nested loop's (`while` included), nor in an iterable evaluated once. */
function isOwnWork(node: Node, loop: Node): boolean {
  return (enclosingLoop(node)?.equals(loop) ?? false) && (loopsAround(node)[0]?.node.equals(loop) ?? false);
}

function concurrencyHint(context: PythonContext): string {
  if (context.library === 'trio') return 'a trio nursery';
  if (context.library === 'anyio') return 'an AnyIO task group';
  return context.atLeast(3, 11) ? 'asyncio.gather() or an asyncio.TaskGroup' : 'asyncio.gather()';
}

function reportLoop(loop: Node, context: PythonContext): void {
  if (!context.inAsyncContext) return;
  const work = independentAwait(loop, context);
  if (!work) return;
  const call = work.type === 'await' ? awaitedCall(work, context)! : work;
  const name = call.childForFieldName('function')!.text;
  context.report(
    work,
    `'${name}()' is awaited once per loop iteration, so the items are processed one after another; ` +
      `run them concurrently with ${concurrencyHint(context)}`,
  );
}

// Independent awaits in a loop add their latencies up; started together they overlap.
export const awaitInLoop: Rule = {
  meta: {
    id: 'await-in-loop',
    title: 'Independent work awaited one item at a time',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: [],
    checklist: 'independent-awaits-concurrent',
    fixable: false,
    docs: {
      summary:
        'Finds `for` loops and comprehensions that await a call on each item in turn when nothing suggests the ' +
        'items depend on each other: `for url in urls: pages.append(await fetch(url))`.',
      why:
        'Each `await` waits for one item to finish before the next one starts, so a loop over 50 requests that ' +
        'take 200 ms each takes 10 seconds instead of roughly 200 ms. The event loop sits idle the whole time, ' +
        'waiting on one socket at a time.',
      fix:
        'Start the work for all items, then wait for all of it: `await asyncio.gather(*(fetch(u) for u in urls))`, ' +
        'or create one task per item in an `asyncio.TaskGroup` (an AnyIO task group or a trio nursery in those ' +
        'libraries). For large inputs, bound the fan-out with a semaphore or a fixed pool of workers so the ' +
        'server on the other side is not flooded.',
      examples: {
        python: {
          bad:
            'async def load_profiles(client, user_ids):\n    profiles = []\n    for user_id in user_ids:\n' +
            '        profiles.append(await client.get_profile(user_id))\n    return profiles',
          good:
            'import asyncio\n\nasync def load_profiles(client, user_ids):\n' +
            '    return await asyncio.gather(*(client.get_profile(user_id) for user_id in user_ids))',
        },
      },
      notes:
        'Reported once per loop, at the first awaited call that uses the loop\'s item (or a value computed from ' +
        'it); `async with` counts as an await. Precision comes first, so the rule stays silent when the order is ' +
        'probably the point: `async for` and `while` loops (streams, polling, retries, pagination); loops over a ' +
        'literal list of cases or over `itertools.groupby` groups; loops that `break`, `return`, `raise`, ' +
        '`yield` or assert (`assert`, `self.assertEqual`, `pytest.raises`); loops that sleep, throttle or back ' +
        'off; loops that await a lock or `wait`, a `gather` (batching), a start-up or shut-down step (`start`, ' +
        '`close`, `finalize`...), or an ordered operation on something shared between iterations (queue `put`, ' +
        'stream `read`/`write`, socket `send`/`recv`, a database statement or a call involving a connection, a ' +
        'cursor, `db` or an ORM session, Django\'s async ORM, a browser page); loops that enter an `async with` ' +
        'per item not made from the item (a lock, a transaction, a task group); loops where a variable assigned ' +
        'in the body is read before that assignment and comes from, or feeds, an `await` (cursors, `prev` ' +
        'chains, running totals); and awaits that do not use the item (`for _ in range(3): await queue.get()`), ' +
        'call the item itself (`await handler(event)`, which dispatches in order), or await an existing task ' +
        '(`for t in tasks: await t`). Unlike ESLint\'s `no-await-in-loop`, which reports every `await` in every ' +
        'loop, this rule reports only loops whose items look independent. When the order matters for a reason ' +
        'the code does not show (migrations applied in sequence, a rate limit enforced by the server), suppress ' +
        'the finding on that line.',
    },
  },
  python: {
    for_statement: reportLoop,
    list_comprehension: reportLoop,
    set_comprehension: reportLoop,
    dictionary_comprehension: reportLoop,
  },
};
