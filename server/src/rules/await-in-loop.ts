import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';
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
  // Only an await or an `async with` can be reported. The checks below read the whole loop, and
  // nested comprehensions make each level read it again: a search inside the parser, far faster
  // than a walk from JavaScript, first rules out loops with nothing to report.
  if (repeated.descendantsOfType(['await', 'with_statement']).length === 0) return undefined;
  const suspensions = descendantsInScope(repeated, SUSPENSION_TYPES).filter((node) => node.type === 'await' || isAsyncStatement(node));
  if (suspensions.length === 0) return undefined;
  if (iteratesInOrder(shape.iterables, context) || descendantsInScope(repeated, STOP_TYPES).length > 0) return undefined;
  if (descendantsInScope(repeated, CALL).some((call) => ASSERTION_NAME.test(lastName(call) ?? ''))) return undefined;
  // Loop targets are shared with other iterations' work as much as outer names are (`for ws in sockets`).
  const madeInIteration = new Set(
    nameBindings(repeated)
      .filter(({ binder }) => binder.type !== 'for_statement' && binder.type !== 'for_in_clause')
      .map(({ target }) => target.text),
  );
  const awaitedCalls = suspensions.filter((node) => node.type === 'await').map((awaited) => awaitedCall(awaited, context));
  if (awaitedCalls.some((call) => call !== undefined && isSequentialByDesign(call, madeInIteration, context))) return undefined;
  const perItem = derivedNames(repeated, shape.items);
  const readsItem = (node: Node) => namesRead(node).some((read) => perItem.has(read.text));
  let first: Node | undefined;
  for (const suspension of suspensions) {
    if (suspension.type === 'with_statement') {
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

// --- TypeScript / JavaScript ----------------------------------------------------------
// The same precision choices as the Python detector, in this grammar's terms.

/** Awaited methods that keep a loop sequential on purpose, matched on the callee's last name. */
const SCRIPT_SEQUENTIAL = new Set([
  // Pacing, synchronisation and batches.
  'acquire', 'wait', 'waitFor', 'join', 'all', 'allSettled', 'race', 'any',
  // Ordered I/O on one stream, socket, queue or file.
  'write', 'writeFile', 'appendFile', 'end', 'drain', 'flush', 'send', 'sendMessage', 'publish', 'emit', 'ack', 'nack',
  'put', 'push', 'enqueue', 'read', 'readLine', 'next', 'pipe', 'pipeline',
  // Statements on one database connection or transaction.
  'query', 'execute', 'exec', 'run', 'commit', 'rollback', 'transaction', '$transaction', 'migrate',
  // Driving one browser page.
  'goto', 'click', 'fill', 'press', 'type', 'waitForSelector', 'waitForNavigation', 'screenshot',
]);
const SCRIPT_LIFECYCLE = /^_?(start|stop|close|shutdown|connect|disconnect|setup|teardown|cleanup|finali[sz]e|dispose|destroy|release|terminate|init|initiali[sz]e)/i;
const SCRIPT_PACING = /sleep|throttle|rateLimit|rate_limit|backoff|delay|pause|setTimeout|wait/i;
const SCRIPT_CONNECTION = /^_?(db|conn|connection|cursor|tx|trx|txn|transaction|page|socket|ws|stream|writer|channel)$/i;
const SCRIPT_ASSERTION = /^(expect|assert\w*|should)$/;

function scriptNameOf(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isCallExpression(node)) return scriptNameOf(node.expression);
  if (ts.isElementAccessExpression(node)) return scriptNameOf(node.expression);
  return undefined;
}

function scriptRootName(expression: ts.Expression | undefined): string | undefined {
  let node = expression ? unwrapExpression(expression) : undefined;
  while (node && (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node))) node = unwrapExpression(node.expression);
  if (node && ts.isIdentifier(node)) return node.text;
  if (node && node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

/** Descendants in this function's scope (nested functions skipped). */
function scriptDescendants(root: ts.Node, match: (node: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (match(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function identifiersRead(node: ts.Node): ts.Identifier[] {
  return scriptDescendants(node, (child) => {
    if (!ts.isIdentifier(child)) return false;
    const parent = child.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === child) return false;
    if ((ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === child) return false;
    return true;
  }) as ts.Identifier[];
}

/** Writes to plain names in the body: `x = ...`, `x += ...`, `x++`, and declarations. */
function scriptWrites(body: ts.Node): { name: string; at: number; source: ts.Node | undefined; declared: boolean }[] {
  const writes: { name: string; at: number; source: ts.Node | undefined; declared: boolean }[] = [];
  for (const node of scriptDescendants(body, () => true)) {
    if (ts.isVariableDeclaration(node)) {
      for (const name of bindingNames(node.name)) writes.push({ name, at: node.getEnd(), source: node.initializer, declared: true });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = unwrapExpression(node.left);
      if (ts.isIdentifier(left)) writes.push({ name: left.text, at: node.getEnd(), source: node.right, declared: false });
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
      if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) {
        writes.push({ name: node.operand.text, at: node.getEnd(), source: undefined, declared: false });
      }
    }
  }
  return writes;
}

function containsAwaitTs(node: ts.Node | undefined): boolean {
  return node !== undefined && scriptDescendants(node, ts.isAwaitExpression).length > 0;
}

interface ScriptLoopShape {
  body: ts.Statement;
  items: string[];
  /** Parts evaluated on every iteration besides the body (condition, incrementor). */
  repeated: ts.Node[];
}

function scriptLoopShape(loop: ts.Node): ScriptLoopShape | undefined {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    if (ts.isForOfStatement(loop) && loop.awaitModifier) return undefined;
    const iterable = unwrapExpression(loop.expression);
    if (ts.isArrayLiteralExpression(iterable) || ts.isObjectLiteralExpression(iterable)) return undefined;
    const initializer = loop.initializer;
    const items = ts.isVariableDeclarationList(initializer)
      ? initializer.declarations.flatMap((declaration) => bindingNames(declaration.name))
      : ts.isIdentifier(initializer)
        ? [initializer.text]
        : [];
    return { body: loop.statement, items, repeated: [] };
  }
  if (ts.isForStatement(loop)) {
    const initializer = loop.initializer;
    const items =
      initializer && ts.isVariableDeclarationList(initializer) ? initializer.declarations.flatMap((declaration) => bindingNames(declaration.name)) : [];
    return { body: loop.statement, items, repeated: [loop.condition, loop.incrementor].filter((part): part is ts.Expression => part !== undefined) };
  }
  if (ts.isWhileStatement(loop)) {
    // The item of a work-list loop: `const job = queue.shift()` at the top of the body.
    const statements = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
    const items = statements.flatMap((statement) =>
      ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.filter((d) => d.initializer && !containsAwaitTs(d.initializer)).flatMap((d) => bindingNames(d.name))
        : [],
    );
    return { body: loop.statement, items, repeated: [loop.expression] };
  }
  return undefined;
}

function isScriptSequentialByDesign(call: ts.CallExpression | ts.NewExpression, madeInIteration: ReadonlySet<string>, context: TypeScriptContext): boolean {
  if (ts.isNewExpression(call)) return true; // `await new Promise(...)`: a hand-made wait, usually pacing.
  const name = scriptNameOf(call.expression);
  const qualified = context.calleeName(call);
  if ((name !== undefined && SCRIPT_PACING.test(name)) || (qualified !== undefined && SCRIPT_PACING.test(qualified))) return true;
  const receiver = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  const root = scriptRootName(receiver);
  if (root !== undefined && madeInIteration.has(root)) return false;
  if (name !== undefined && (SCRIPT_SEQUENTIAL.has(name) || SCRIPT_LIFECYCLE.test(name))) return true;
  return [receiver, ...call.arguments].some((operand) => {
    const last = scriptNameOf(operand as ts.Expression | undefined);
    const first = scriptRootName(operand as ts.Expression | undefined);
    return (last !== undefined && SCRIPT_CONNECTION.test(last)) || (first !== undefined && SCRIPT_CONNECTION.test(first));
  });
}

/** Names computed from the item (or from names computed from it), to a fixed point. */
function scriptDerived(body: ts.Node, seeds: readonly string[]): Set<string> {
  const derived = new Set(seeds);
  const writes = scriptWrites(body);
  for (let changed = true; changed; ) {
    changed = false;
    for (const write of writes) {
      if (derived.has(write.name) || !write.source) continue;
      if (identifiersRead(write.source).some((read) => derived.has(read.text))) {
        derived.add(write.name);
        changed = true;
      }
    }
  }
  return derived;
}

/** An iteration reads state an earlier iteration wrote, and that state came from, or feeds, an await. */
function scriptCarriesAwaitedState(shape: ScriptLoopShape): boolean {
  const writes = scriptWrites(shape.body);
  const firstWrite = new Map<string, number>();
  for (const write of writes) firstWrite.set(write.name, Math.min(write.at, firstWrite.get(write.name) ?? Infinity));
  const declaredInside = new Set(writes.filter((write) => write.declared).map((write) => write.name));
  const outerWrites = new Set(writes.filter((write) => !write.declared && !declaredInside.has(write.name)).map((write) => write.name));
  const carried = new Set<string>();
  for (const read of identifiersRead(shape.body)) {
    if (outerWrites.has(read.text) && read.getStart() < (firstWrite.get(read.text) ?? -1)) carried.add(read.text);
  }
  for (const part of shape.repeated) for (const read of identifiersRead(part)) if (outerWrites.has(read.text)) carried.add(read.text);
  if (carried.size === 0) return false;
  const fromAwaits = scriptDerived(
    shape.body,
    writes.filter((write) => containsAwaitTs(write.source)).map((write) => write.name),
  );
  const readsInAwait = new Set(
    scriptDescendants(shape.body, ts.isAwaitExpression).flatMap((awaited) => identifiersRead(awaited).map((read) => read.text)),
  );
  return [...carried].some((name) => fromAwaits.has(name) || readsInAwait.has(name));
}

function innermostLoop(node: ts.Node): ts.Node | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (ts.isFunctionLike(up)) return undefined;
    if (ts.isIterationStatement(up, false)) return up;
  }
  return undefined;
}

function independentScriptAwait(loop: ts.Node, context: TypeScriptContext): ts.AwaitExpression | undefined {
  const shape = scriptLoopShape(loop);
  if (!shape || shape.items.length === 0) return undefined;
  const body = shape.body;
  const stops = scriptDescendants(body, (node) => ts.isBreakStatement(node) || ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isYieldExpression(node));
  if (stops.length > 0) return undefined;
  const calls = scriptDescendants(body, ts.isCallExpression) as ts.CallExpression[];
  if (calls.some((call) => SCRIPT_ASSERTION.test(scriptRootName(call.expression) ?? ''))) return undefined;
  const madeInIteration = new Set(scriptWrites(body).filter((write) => write.declared).map((write) => write.name));
  const awaits = scriptDescendants(body, ts.isAwaitExpression) as ts.AwaitExpression[];
  const awaitedCalls = awaits.map((awaited) => unwrapExpression(awaited.expression));
  if (awaitedCalls.some((call) => (ts.isCallExpression(call) || ts.isNewExpression(call)) && isScriptSequentialByDesign(call, madeInIteration, context))) return undefined;
  // A sleep that is not awaited directly (`await Promise.all([work, sleep(1000)])`) paces the loop too.
  if (calls.some((call) => SCRIPT_PACING.test(scriptNameOf(call.expression) ?? ''))) return undefined;
  const perItem = scriptDerived(body, shape.items);
  let first: ts.AwaitExpression | undefined;
  for (const awaited of awaits) {
    const call = unwrapExpression(awaited.expression);
    if (!ts.isCallExpression(call) || innermostLoop(awaited) !== loop) continue;
    const callee = unwrapExpression(call.expression);
    if (ts.isIdentifier(callee) && perItem.has(callee.text)) continue;
    if (identifiersRead(call).some((read) => perItem.has(read.text))) {
      first = awaited;
      break;
    }
  }
  if (!first || scriptCarriesAwaitedState(shape)) return undefined;
  return first;
}

const scriptLoopVisitor = (loop: ts.Node, context: TypeScriptContext): void => {
  if (!context.inAsyncContext) return;
  const work = independentScriptAwait(loop, context);
  if (!work) return;
  const call = unwrapExpression(work.expression) as ts.CallExpression;
  context.report(
    work,
    `'${call.expression.getText()}()' is awaited once per loop iteration, so the items are processed one after another; ` +
      'start them all and await `Promise.all()` (bounded with p-limit for large inputs)',
  );
};

// Independent awaits in a loop add their latencies up; started together they overlap.
export const awaitInLoop: Rule = {
  meta: {
    id: 'await-in-loop',
    title: 'Independent work awaited one item at a time',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: [],
    checklist: 'independent-awaits-concurrent',
    fixable: false,
    docs: {
      summary:
        'Finds `for` loops and comprehensions that await a call on each item in turn when nothing suggests the ' +
        'items depend on each other: `for url in urls: pages.append(await fetch(url))` in Python, ' +
        '`for (const url of urls) pages.push(await fetch(url))` in TypeScript and JavaScript (`for`, `for...of`, ' +
        '`for...in` and work-list `while` loops).',
      why:
        'Each `await` waits for one item to finish before the next one starts, so a loop over 50 requests that ' +
        'take 200 ms each takes 10 seconds instead of roughly 200 ms. The event loop sits idle the whole time, ' +
        'waiting on one socket at a time.',
      fix:
        'Start the work for all items, then wait for all of it: `await asyncio.gather(*(fetch(u) for u in urls))`, ' +
        'or create one task per item in an `asyncio.TaskGroup` (an AnyIO task group or a trio nursery in those ' +
        'libraries). For large inputs, bound the fan-out with a semaphore or a fixed pool of workers so the ' +
        'server on the other side is not flooded. In TypeScript and JavaScript, map the items to promises and ' +
        '`await Promise.all(...)`, with p-limit or p-map for large inputs.',
      examples: {
        python: {
          bad:
            'async def load_profiles(client, user_ids):\n    profiles = []\n    for user_id in user_ids:\n' +
            '        profiles.append(await client.get_profile(user_id))\n    return profiles',
          good:
            'import asyncio\n\nasync def load_profiles(client, user_ids):\n' +
            '    return await asyncio.gather(*(client.get_profile(user_id) for user_id in user_ids))',
        },
        typescript: {
          bad:
            'export async function loadProfiles(client: { getProfile(id: string): Promise<unknown> }, userIds: string[]) {\n' +
            '  const profiles = [];\n  for (const userId of userIds) {\n    profiles.push(await client.getProfile(userId));\n  }\n' +
            '  return profiles;\n}',
          good:
            'export async function loadProfiles(client: { getProfile(id: string): Promise<unknown> }, userIds: string[]) {\n' +
            '  return Promise.all(userIds.map((userId) => client.getProfile(userId)));\n}',
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
        'the finding on that line. The TypeScript and JavaScript detector makes the same choices: it skips ' +
        '`for await` and loops over array literals; loops that `break`, `return`, `throw` or `yield`, or call ' +
        '`expect`/`assert`; loops that sleep, delay, throttle or back off, or await a hand-made `new Promise`; ' +
        'ordered work on something shared (stream `write`, `send`, `publish`, `query`/`execute`/`transaction`, ' +
        'lifecycle steps, a page, or a call whose receiver or argument is a `db`, `conn`, `tx`, `page`, ' +
        '`socket`...); and loops that carry awaited state forward, including through the loop condition or ' +
        'incrementor (cursors, `while (token)` pagination, retries). A `while` loop counts only as a work list: ' +
        'its items are values declared at the top of its body from non-awaited expressions (`queue.shift()`).',
    },
  },
  python: {
    for_statement: reportLoop,
    list_comprehension: reportLoop,
    set_comprehension: reportLoop,
    dictionary_comprehension: reportLoop,
  },
  typescript: {
    [ts.SyntaxKind.ForOfStatement]: scriptLoopVisitor,
    [ts.SyntaxKind.ForInStatement]: scriptLoopVisitor,
    [ts.SyntaxKind.ForStatement]: scriptLoopVisitor,
    [ts.SyntaxKind.WhileStatement]: scriptLoopVisitor,
  },
};
