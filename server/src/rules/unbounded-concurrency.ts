import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';
import {
  ancestors,
  enclosingWiths,
  isAsyncStatement,
  nameBindings,
  namesRead,
  positionalArguments,
  withTarget,
} from '../engine/python/syntax';
import { builtinCallee } from './support/builtins';
import { COMPREHENSION_TYPES, comprehensionIterables, isOpenEnded, loopsAround } from './support/fan-out';
import { instanceOrigin } from './support/instances';
import { quoted } from './support/messages';

/** Calls that start everything they are given at once, and where that iterable is passed. */
const FAN_OUT_CALLS: ReadonlyMap<string, 'splat' | 'first'> = new Map([
  ['asyncio.gather', 'splat'],
  ['asyncio.wait', 'first'],
  ['asyncio.as_completed', 'first'],
]);

/** What makes a task group or nursery, and the types annotations give them. */
const TASK_GROUPS = new Set([
  'asyncio.TaskGroup',
  'anyio.create_task_group',
  'anyio.abc.TaskGroup',
  'trio.open_nursery',
  'trio.Nursery',
]);
const SPAWN_METHODS = new Set(['create_task', 'start_soon']);
/** List methods that add tasks, and ones that empty the list again (a batch being flushed). */
const ADDING_METHODS = new Set(['append', 'add', 'extend']);
const DRAINING_METHODS = new Set(['clear', 'pop', 'remove']);
/**
 * Names that suggest a semaphore, limiter or lock (`sem`, `self._semaphore`, `limiter`,
 * `throttler`, `self._lock`). Seeing one anywhere in the statement or at module level is taken
 * as the fan-out being bounded, since the spawned function, often defined elsewhere, may
 * acquire it (a lock bounds it to one at a time).
 */
const LIMITER_NAME = /(?:^|_)(?:sem|lock)$|semaphore|limiter|throttl/i;
const MAX_DEPTH = 4;
const LIMITER_ADVICE: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: 'acquire an asyncio.Semaphore around each task',
  anyio: 'acquire an anyio.CapacityLimiter (or anyio.Semaphore) around each task',
  trio: 'acquire a trio.CapacityLimiter (or trio.Semaphore) around each task',
};

function topLevelStatement(node: Node): Node {
  let statement = node;
  for (const up of ancestors(node)) {
    if (up.type === 'module') break;
    statement = up;
  }
  return statement;
}

function limiterInSight(node: Node, context: PythonContext): boolean {
  const names = [...context.symbols.moduleNames, ...context.imports.bindings.keys()];
  if (names.some((name) => LIMITER_NAME.test(name))) return true;
  return topLevelStatement(node)
    .descendantsOfType('identifier')
    .some((identifier) => identifier !== null && LIMITER_NAME.test(identifier.text));
}

/**
 * The open-ended iterable behind the awaitables handed to a fan-out call: the comprehension's
 * or `map()`'s, or the loop's that fills a list of tasks. Undefined when the count is bounded
 * or cannot be followed.
 */
function fanOutSource(expression: Node, at: Node, scope: Node | undefined, context: PythonContext, depth = 0): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const open = (iterable: Node) => isOpenEnded(iterable, scope, context);
  if (COMPREHENSION_TYPES.has(expression.type)) {
    const made = expression.childForFieldName('body');
    if (!made || !makesWork(made) || runsOnPool(made, context)) return undefined;
    return comprehensionIterables(expression).find(open);
  }
  if (expression.type === 'parenthesized_expression' && expression.namedChildCount === 1) {
    return fanOutSource(expression.firstNamedChild!, at, scope, context, depth + 1);
  }
  if (expression.type === 'call') {
    const builtin = builtinCallee(expression, context);
    const args = positionalArguments(expression);
    if (builtin === 'map') return args.slice(1).find(open);
    if ((builtin === 'list' || builtin === 'tuple') && args.length === 1) return fanOutSource(args[0], at, scope, context, depth + 1);
    return undefined;
  }
  if (expression.type === 'identifier' && scope) return listFilledInLoop(expression.text, at, scope, context, depth);
  return undefined;
}

/** Calls whose work waits for a thread of a pool, which bounds how much runs at once. */
const POOL_CALLS: ReadonlySet<string> = new Set(['asyncio.to_thread', 'anyio.to_thread.run_sync', 'trio.to_thread.run_sync']);

/** `loop.run_in_executor(pool, f, x)`, `asyncio.to_thread(f, x)`: a thread pool runs it, a few at a time. */
function runsOnPool(made: Node, context: PythonContext): boolean {
  if (made.type !== 'call') return false;
  const callee = made.childForFieldName('function');
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run_in_executor') return true;
  const qualified = context.calleeName(made);
  return qualified !== undefined && POOL_CALLS.has(qualified);
}

/** `f(x)`, `create_task(f(x))`: an expression that calls something, so makes new work. `[t for t in tasks]` does not. */
function makesWork(expression: Node): boolean {
  return expression.type === 'call' || expression.descendantsOfType('call').length > 0;
}

/** For `gather(*aws)`, `wait(aws)`, `as_completed(aws)`: the open-ended iterable behind `aws`. */
function fanOutCallSource(call: Node, passing: 'splat' | 'first', context: PythonContext): Node | undefined {
  const scope = context.currentFunction?.node;
  const given =
    passing === 'first'
      ? positionalArguments(call).slice(0, 1)
      : (call.childForFieldName('arguments')?.namedChildren ?? [])
          .filter((argument): argument is Node => argument?.type === 'list_splat')
          .map((splat) => splat.firstNamedChild!);
  for (const expression of given) {
    const source = fanOutSource(expression, call, scope, context);
    if (source) return source;
  }
  return undefined;
}

/** `[]`, `set()`, `list()`: an empty collection that tasks are added to afterwards. */
function isEmptyCollection(expression: Node, context: PythonContext): boolean {
  if (expression.type === 'list' || expression.type === 'set') return expression.namedChildCount === 0;
  const builtin = expression.type === 'call' ? builtinCallee(expression, context) : undefined;
  return (builtin === 'list' || builtin === 'set') && positionalArguments(expression).length === 0;
}

/**
 * The open-ended iterable behind the list `name`, bound once in `scope`: its comprehension's,
 * or that of the loop whose body adds to it. `at` is the fan-out call reading the list.
 */
function listFilledInLoop(name: string, at: Node, scope: Node, context: PythonContext, depth: number): Node | undefined {
  const body = scope.childForFieldName('body');
  if (!body) return undefined;
  const bindings = nameBindings(body).filter(({ target }) => target.text === name);
  if (bindings.length !== 1 || bindings[0].binder.type !== 'assignment') return undefined;
  const source = bindings[0].source;
  if (!isEmptyCollection(source, context)) return fanOutSource(source, at, scope, context, depth + 1);
  for (const read of namesRead(body)) {
    const attribute = read.parent;
    if (read.text !== name || attribute?.type !== 'attribute') continue;
    const method = attribute.childForFieldName('attribute')?.text ?? '';
    const call = attribute.parent;
    // A list emptied again is a batch being flushed.
    if (DRAINING_METHODS.has(method)) return undefined;
    if (!ADDING_METHODS.has(method) || call?.type !== 'call') continue;
    if (method === 'extend') {
      const [added] = positionalArguments(call);
      const found = added && fanOutSource(added, at, scope, context, depth + 1);
      if (found) return found;
      continue;
    }
    for (const loop of loopsAround(call)) {
      // Gathered inside the loop that fills it: a batch per pass.
      if (isInside(at, loop.node)) return undefined;
      const open = loop.iterables.find((iterable) => isOpenEnded(iterable, scope, context));
      if (open) return open;
    }
  }
  return undefined;
}

function isInside(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** The `async with ... as group:` statement in this function that opened the receiver, if any. */
function openingWith(receiver: Node, call: Node): Node | undefined {
  if (receiver.type !== 'identifier') return undefined;
  return enclosingWiths(call).find(({ managers }) => managers.some((manager) => withTarget(manager) === receiver.text))?.statement;
}

/** For `group.start_soon(...)` / `group.create_task(...)` in a loop over open-ended items: that iterable. */
function spawnLoopSource(call: Node, context: PythonContext): Node | undefined {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const receiver = callee?.childForFieldName('object');
  if (!method || !SPAWN_METHODS.has(method) || !receiver) return undefined;
  const origin = instanceOrigin(receiver, context);
  const isGroup = origin !== undefined && origin.chain.length === 0 && TASK_GROUPS.has(origin.factory);
  // `start_soon` belongs to task groups and nurseries only; `create_task` is also the event loop's.
  if (!isGroup && (method === 'create_task' || origin !== undefined)) return undefined;
  const scope = context.currentFunction?.node;
  for (const loop of loopsAround(call, openingWith(receiver, call))) {
    // `async for` items arrive over time (connections, messages), like a `while` loop's.
    if (isAsyncStatement(loop.node)) continue;
    const open = loop.iterables.find((iterable) => isOpenEnded(iterable, scope, context));
    if (open) return open;
  }
  return undefined;
}

// --- TypeScript / JavaScript ----------------------------------------------------------

const SCRIPT_FAN_OUT = new Set(['Promise.all', 'Promise.allSettled', 'Promise.any', 'Promise.race']);
/** Largest `Array.from({ length: n })` taken as a deliberate, fixed worker count. */
const SMALL_COUNT = 100;
/** Names that look like a limiter, anywhere in the statement: p-limit, p-map, semaphores, queues. */
const SCRIPT_LIMITER = /\b\w*(limit|Limit|LIMIT)\w*\b|\b(pMap|p_map|sem|sema|semaphore|Semaphore|mutex|Mutex|throttle\w*|bottleneck|Bottleneck|PQueue|queue)\b/;
/** Modules that bound concurrency; a file that imports one is taken to use it. */
const LIMITER_MODULES = /^(p-limit|p-map|p-queue|p-throttle|bottleneck|async-sema|async-mutex|async)(\.|$)/;
/** Promise APIs a plain callback may call. */
const SCRIPT_PROMISE_CALLS = /^(fetch|fs\/promises\.\w+|fs\.promises\.\w+|dns\/promises\.\w+|axios(\.\w+)?|got(\.\w+)?|undici\.(fetch|request))$/;

function scriptTopLevelStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
}

function isAsyncCallback(fn: ts.Node): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

function isPromiseCall(expression: ts.Expression, context: TypeScriptContext): boolean {
  const target = unwrapExpression(expression);
  if (!ts.isCallExpression(target)) return false;
  const name = context.calleeName(target);
  if (name !== undefined && SCRIPT_PROMISE_CALLS.test(name)) return true;
  return ts.isIdentifier(target.expression) && context.symbols.promiseFunctions.has(target.expression.text);
}

/** Whether a `.map()` callback starts a promise per item. */
function startsPromise(callback: ts.Expression, context: TypeScriptContext): boolean {
  const fn = unwrapExpression(callback);
  if (ts.isIdentifier(fn)) return context.symbols.promiseFunctions.has(fn.text);
  if (isAsyncCallback(fn)) return true;
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return isPromiseCall(fn.body, context);
  return false;
}

/** Whether the code itself bounds the mapped array. */
function isBoundedSource(source: ts.Expression): boolean {
  const expression = unwrapExpression(source);
  if (ts.isArrayLiteralExpression(expression)) return !expression.elements.some(ts.isSpreadElement);
  if (ts.isIdentifier(expression)) return /^[A-Z][A-Z0-9_]*$/.test(expression.text);
  if (!ts.isCallExpression(expression)) return false;
  const callee = expression.expression;
  const text = callee.getText();
  if (text === 'Array.from' || text === 'Array') {
    const first = expression.arguments[0] ? unwrapExpression(expression.arguments[0]) : undefined;
    const length =
      first && ts.isObjectLiteralExpression(first)
        ? first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'length')?.initializer
        : first;
    return length !== undefined && ts.isNumericLiteral(length) && Number(length.text) <= SMALL_COUNT;
  }
  // xs.slice(0, 10)
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'slice' && expression.arguments.length === 2) {
    return expression.arguments.every((argument) => ts.isNumericLiteral(argument));
  }
  // [...Array(4).keys()], Array(n).fill() and such wrap the forms above.
  if (ts.isPropertyAccessExpression(callee) && ['keys', 'fill'].includes(callee.name.text)) return isBoundedSource(callee.expression);
  return false;
}

function checkScriptFanOut(call: ts.CallExpression, context: TypeScriptContext): void {
  if (!SCRIPT_FAN_OUT.has(context.calleeName(call) ?? '')) return;
  const argument = call.arguments[0] ? unwrapExpression(call.arguments[0]) : undefined;
  if (!argument || !ts.isCallExpression(argument)) return;
  const map = argument.expression;
  if (!ts.isPropertyAccessExpression(map) || map.name.text !== 'map' || !argument.arguments[0]) return;
  if (!startsPromise(argument.arguments[0], context) || isBoundedSource(map.expression)) return;
  if (SCRIPT_LIMITER.test(scriptTopLevelStatement(call).getText())) return;
  for (const module of context.bindings.values()) if (LIMITER_MODULES.test(module)) return;
  const callee = call.expression.getText();
  context.report(
    call,
    `'${callee}()' starts a promise for every item of '${map.expression.getText()}' at once; cap how many run together (p-limit, p-map with \`concurrency\`, or batches)`,
  );
}

// Starting one task per item of an input that can be any size floods the other side (and the
// process) at once: connection limits, rate limits and memory all give way together.
export const unboundedConcurrency: Rule = {
  meta: {
    id: 'unbounded-concurrency',
    title: 'One task per item with no concurrency limit',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'information',
    enabledByDefault: true,
    aliases: [],
    checklist: 'fan-out-bounded',
    fixable: false,
    docs: {
      summary:
        'Finds fan-out whose width is the size of the input: `asyncio.gather(*[f(x) for x in items])`, ' +
        '`gather(*map(f, items))`, `gather(*tasks)` where a loop over `items` filled `tasks`, `asyncio.wait()` and ' +
        '`as_completed()` over such lists, and `start_soon()` / `create_task()` on a task group or nursery inside a ' +
        'loop over `items`, when no semaphore or capacity limiter is in sight. In TypeScript and JavaScript: ' +
        '`Promise.all(items.map(async (x) => ...))` and its `allSettled` / `any` / `race` siblings over an array ' +
        'of unknown size, with no limiter in sight.',
      why:
        'Every item becomes a running task at the same moment. With ten items that is fine; with the ten thousand ' +
        'rows a query returns one day, the service opens ten thousand connections at once, hits the remote rate ' +
        'limit or its own file-descriptor limit, and requests time out while they wait for the pool. The failure ' +
        'grows with the data, so it shows up in production, not in tests.',
      fix:
        'Bound how many run at once: acquire an `asyncio.Semaphore` (or an AnyIO / trio `CapacityLimiter`) in the ' +
        'task, process the items in batches, or start a fixed number of workers that take items from a bounded queue. ' +
        'In TypeScript and JavaScript, wrap each call in a `p-limit` limiter, use `p-map` with a `concurrency` ' +
        'option, or await fixed-size slices one after another.',
      examples: {
        python: {
          bad:
            'import asyncio\n\n\nasync def fetch_all(session, urls):\n' +
            '    return await asyncio.gather(*[fetch(session, url) for url in urls])',
          good:
            'import asyncio\n\n\nasync def fetch_all(session, urls):\n    limit = asyncio.Semaphore(20)\n\n' +
            '    async def fetch_one(url):\n' +
            '        async with limit:\n            return await fetch(session, url)\n\n' +
            '    return await asyncio.gather(*[fetch_one(url) for url in urls])',
        },
        typescript: {
          bad:
            'export async function fetchAll(urls: string[]) {\n' +
            '  return Promise.all(urls.map(async (url) => (await fetch(url)).json()));\n}',
          good:
            'import pLimit from "p-limit";\n\nexport async function fetchAll(urls: string[]) {\n' +
            '  const limit = pLimit(20);\n' +
            '  return Promise.all(urls.map((url) => limit(async () => (await fetch(url)).json())));\n}',
        },
      },
      notes:
        'The input counts as open-ended unless the code bounds it: literals, slices (`urls[:50]`), module constants ' +
        'in capitals, a batch bound by an enclosing loop (`for batch in chunks: gather(*[... for x in batch])`) and ' +
        'counted `range(n)` are bounded; `range(len(items))` is not. `range(n)` is taken as a deliberate worker count, ' +
        'the bounded pattern this rule recommends. Spawning inside a `while` or `async for` loop is left alone: those ' +
        'are accept loops and message consumers, whose items arrive over time rather than all at once. A list of ' +
        'tasks cleared or gathered inside the loop that fills it is a batch, and a comprehension that only collects ' +
        'existing tasks (`[t for t in tasks if not t.done()]`) starts nothing. A semaphore or limiter may be acquired ' +
        'in a spawned function defined elsewhere, which this rule cannot see, so any name that looks like one ' +
        '(`sem`, `semaphore`, `limiter`, `throttler`, or a `lock`, which lets one in at a time) in the same top-level ' +
        'statement, or at module level, silences it. `asyncio.gather()` in AnyIO or trio code is also reported by ' +
        '`mixed-async-libraries`, for a different reason. In TypeScript and JavaScript the same reading applies: ' +
        'array literals, `Array.from({ length: n })` with a literal `n` up to 100, literal slices and capitalised ' +
        'constants are bounded; a `.map()` callback counts when it is async or directly returns a known promise ' +
        'call (a function of this file that returns a promise, `fetch`, `fs/promises`); and a limiter-like name ' +
        '(`limit`, `semaphore`, `pMap`, `queue`, `throttle`) in the statement, or an import of p-limit, p-map, ' +
        'p-queue, bottleneck or async-sema in the file, silences it.',
    },
  },
  python: {
    call(node, context) {
      const passing = FAN_OUT_CALLS.get(context.calleeName(node) ?? '');
      const source = passing ? fanOutCallSource(node, passing, context) : spawnLoopSource(node, context);
      if (!source || limiterInSight(node, context)) return;
      const callee = node.childForFieldName('function')!.text;
      const what = passing
        ? `'${callee}()' runs a task per item of '${quoted(source)}' all at once`
        : `'${callee}()' in a loop over '${quoted(source)}' starts a task per item with no limit`;
      context.report(node, `${what}; ${LIMITER_ADVICE[context.library]}`);
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      checkScriptFanOut(node as ts.CallExpression, context);
    },
  },
};
