import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { derivedNames, keywordArgument, namesRead, positionalArguments, targetNames } from '../engine/python/syntax';
import { isResultPassthrough } from './support/awaitables';
import { builtinCallee } from './support/builtins';

/** Builtins that take the results apart or count them without deciding anything about each one. */
const TRANSPARENT_BUILTINS = new Set([
  'zip', 'enumerate', 'list', 'tuple', 'set', 'dict', 'iter', 'next', 'reversed', 'sorted', 'len',
  'sum', 'min', 'max', 'any', 'all', 'print', 'str', 'repr', 'map', 'filter',
]);

/** Statements and clauses that bind names from the value on their right: `x = value`, `for x in value`. */
const BINDING_HOLDERS = new Set(['assignment', 'for_statement', 'for_in_clause']);

/** Class names that stand for exceptions: `Exception`, `BaseException`, `httpx.HTTPError`, `asyncio.CancelledError`... */
const EXCEPTION_CLASS = /(Exception|ExceptionGroup|Error|Cancelled|Exit|Interrupt)$/;

/**
 * The names the gather's results end up in (`results = await gather(...)`, `a, b = await gather(...)`,
 * `for r in await gather(...)`), and where code that can read them starts: after the gather, or at
 * the start of a comprehension, whose body comes before its `for` clause. Undefined when the results
 * go elsewhere: returned, passed on, stored on an object, or dropped.
 */
function resultNames(gather: Node, context: PythonContext): { names: string[]; readFrom: number } | undefined {
  let value = gather;
  for (let parent = value.parent; parent; parent = value.parent) {
    const isWrapped =
      parent.type === 'argument_list' &&
      parent.parent?.type === 'call' &&
      isResultPassthrough(parent.parent, context) &&
      positionalArguments(parent.parent)[0]?.equals(value);
    if (parent.type === 'await' || parent.type === 'parenthesized_expression') value = parent;
    else if (isWrapped) value = parent.parent!;
    else break;
  }
  const holder = value.parent;
  if (!holder) return undefined;
  const isBinding = BINDING_HOLDERS.has(holder.type) && (holder.childForFieldName('right')?.equals(value) ?? false);
  const target = isBinding ? holder.childForFieldName('left') : null;
  const names = target ? targetNames(target).map((name) => name.text) : [];
  if (names.length === 0) return undefined;
  return { names, readFrom: holder.type === 'for_in_clause' ? holder.parent!.startIndex : gather.endIndex };
}

/** The call a read is a direct argument of, if any. */
function callTakingArgument(read: Node): Node | undefined {
  const holder = read.parent;
  const call = holder?.type === 'argument_list' ? holder.parent : holder?.type === 'keyword_argument' ? holder.parent?.parent : null;
  return call?.type === 'call' ? call : undefined;
}

/** `len(results)` only counts the results; it does not treat any of them as a value. */
function isCountOnly(read: Node, context: PythonContext): boolean {
  const call = callTakingArgument(read);
  return call !== undefined && builtinCallee(call, context) === 'len';
}

/**
 * True when the results leave the function's hands whole: returned, yielded, stored on an object,
 * or passed to a function that may check them.
 */
function escapes(read: Node, context: PythonContext): boolean {
  let value = read;
  while (value.parent?.type === 'parenthesized_expression' || value.parent?.type === 'expression_list') value = value.parent;
  const holder = value.parent;
  if (!holder) return false;
  if (holder.type === 'return_statement' || holder.type === 'yield') return true;
  if (holder.type === 'assignment') {
    const target = holder.childForFieldName('left');
    const storedOnObject = target?.type === 'attribute' || target?.type === 'subscript';
    return storedOnObject && (holder.childForFieldName('right')?.equals(value) ?? false);
  }
  const call = callTakingArgument(value);
  if (!call) return false;
  const builtin = builtinCallee(call, context);
  return builtin === undefined || !TRANSPARENT_BUILTINS.has(builtin);
}

/** `isinstance(x, SomeError)`, `isinstance(result, ...)` or `case SomeError():` anywhere in the function. */
function checksForExceptions(scope: Node, results: ReadonlySet<string>): boolean {
  for (const call of scope.descendantsOfType('call')) {
    const name = call?.childForFieldName('function')?.text;
    if (!call || (name !== 'isinstance' && name !== 'issubclass')) continue;
    const [subject, classes] = positionalArguments(call);
    if (subject && namesRead(subject).some((read) => results.has(read.text))) return true;
    if (classes && mentionsExceptionClass(classes)) return true;
  }
  return scope.descendantsOfType('class_pattern').some((pattern) => pattern !== null && mentionsExceptionClass(pattern));
}

function mentionsExceptionClass(node: Node): boolean {
  const identifiers = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier');
  return identifiers.some((identifier) => identifier !== null && EXCEPTION_CLASS.test(identifier.text));
}

// With return_exceptions=True a failure becomes a value in the list; nothing raises unless the code looks.
export const gatherExceptionsUnchecked: Rule = {
  meta: {
    id: 'gather-exceptions-unchecked',
    title: 'gather(return_exceptions=True) results used without checking for exceptions',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'errors-checked',
    fixable: false,
    docs: {
      summary:
        'Finds `asyncio.gather(..., return_exceptions=True)` whose results the function reads (iterates, indexes, ' +
        'unpacks) without ever testing whether one of them is an exception.',
      why:
        'With `return_exceptions=True`, an awaitable that fails does not raise: its exception object takes its ' +
        'place in the result list. Code that treats every entry as a normal result then stores exceptions in a ' +
        'cache, writes them into a response, or fails later with a confusing `AttributeError` on an exception ' +
        'object, while the original error and its traceback are never logged. A cancelled awaitable shows up the ' +
        'same way, as an `asyncio.CancelledError` entry.',
      fix:
        'Check each result before using it, for example `if isinstance(result, BaseException):` to log it, ' +
        're-raise it or skip it (`BaseException` also catches `CancelledError`). If one failure should fail the ' +
        'whole operation, use an `asyncio.TaskGroup` (Python 3.11+), which also cancels the remaining work; ' +
        'plain `gather()` without `return_exceptions` raises the first exception but leaves the other ' +
        'awaitables running.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def refresh_prices(symbols):\n' +
            '    prices = await asyncio.gather(*(quote(s) for s in symbols), return_exceptions=True)\n' +
            '    for symbol, price in zip(symbols, prices):\n        cache[symbol] = price',
          good:
            'import asyncio\n\nasync def refresh_prices(symbols):\n' +
            '    prices = await asyncio.gather(*(quote(s) for s in symbols), return_exceptions=True)\n' +
            '    for symbol, price in zip(symbols, prices):\n        if isinstance(price, BaseException):\n' +
            '            log.warning("no quote for %s", symbol, exc_info=price)\n            continue\n' +
            '        cache[symbol] = price',
        },
      },
      notes:
        'Any `isinstance` or `issubclass` test in the function counts as a check when it names an exception ' +
        'class or inspects the results, and so does a `case SomeError():` pattern. Counting the results ' +
        '(`len(results)`) is not a use. Results that leave the ' +
        'function whole (returned, yielded, stored on an object or passed to another function, which may do the ' +
        'checking) are left alone, as are results that are never read: `await asyncio.gather(*tasks, ' +
        'return_exceptions=True)` as a statement is the usual way to wait for cancelled tasks to finish during ' +
        'shutdown, where the exceptions are expected and deliberately dropped.',
    },
  },
  python: {
    call(node, context) {
      if (context.calleeName(node) !== 'asyncio.gather' || keywordArgument(node, 'return_exceptions')?.type !== 'true') return;
      const scope = context.currentFunction?.node.childForFieldName('body');
      const bound = scope ? resultNames(node, context) : undefined;
      if (!scope || !bound) return;
      const results = derivedNames(scope, bound.names);
      const laterReads = namesRead(scope).filter(
        (read) => read.startIndex >= bound.readFrom && results.has(read.text) && !isCountOnly(read, context),
      );
      const seeds = new Set(bound.names);
      if (laterReads.length === 0 || laterReads.some((read) => seeds.has(read.text) && escapes(read, context))) return;
      if (checksForExceptions(scope, results)) return;
      const gather = node.childForFieldName('function')!.text;
      context.report(
        node,
        `Results of ${gather}(..., return_exceptions=True) are used without checking for exceptions; ` +
          'test each with isinstance(result, BaseException) before using it',
      );
    },
  },
};
