import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { isFunctionLike, type TypeScriptContext } from '../engine/typescript/context';
import { isAsyncFunction, isGenerator } from '../engine/python/symbols';
import { containsAwait, decoratorsOf, descendantsInScope } from '../engine/python/syntax';
import { isPromiseValue } from './support/promise-calls';
import { isStubBody } from './support/stubs';

/** Decorators that only change how a method is bound; any other decorator hands the function to someone. */
const BINDING_DECORATORS = new Set(['staticmethod', 'classmethod']);

/**
 * Calls that only work with an event loop running: a coroutine that makes them is async so
 * that it runs on the loop, even if it never suspends.
 */
const LOOP_BOUND_CALLS = new Set([
  'asyncio.create_task',
  'asyncio.ensure_future',
  'asyncio.get_running_loop',
  'asyncio.current_task',
  'asyncio.all_tasks',
  'anyio.get_current_task',
  'anyio.current_time',
  'anyio.current_effective_deadline',
  'anyio.lowlevel.current_token',
  'trio.current_time',
  'trio.current_effective_deadline',
  'trio.lowlevel.current_task',
  'trio.lowlevel.current_root_task',
  'trio.lowlevel.current_trio_token',
  'sniffio.current_async_library',
]);
/** Methods of loops, task groups and nurseries that need the loop to be running. */
const LOOP_BOUND_METHODS = new Set(['create_task', 'start_soon']);
const CALLS = new Set(['call']);

/**
 * Methods whose signature someone else dictates: overrides (any base class besides `object`,
 * which includes protocols and ABCs) and dunder methods (`__aenter__`, `__anext__`...).
 */
function isDictatedMethod(fn: Node, name: string): boolean {
  if (/^__\w+__$/.test(name)) return true;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  const owner = holder?.type === 'block' ? holder.parent : null;
  if (owner?.type !== 'class_definition') return false;
  const bases = owner.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => base !== null && base.type !== 'comment' && base.text !== 'object');
}

function usesRunningLoop(body: Node, context: PythonContext): boolean {
  return descendantsInScope(body, CALLS).some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'attribute' && LOOP_BOUND_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return true;
    return LOOP_BOUND_CALLS.has(context.calleeName(call) ?? '');
  });
}

// --- TypeScript / JavaScript ----------------------------------------------------------

type ScriptFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

/** Globals whose calls never return a promise. */
const SYNC_GLOBALS = new Set(['JSON', 'Math', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Date', 'console', 'path', 'Symbol']);

/**
 * Whether a returned value may be a promise: a known promise, or a call whose result cannot be
 * told without types (`return client.send(request)`), which typescript-eslint would accept if
 * it is one. Calls to sync globals and to this file's plain functions are known not to be.
 */
function mayReturnPromise(expression: ts.Expression, context: TypeScriptContext): boolean {
  if (isPromiseValue(expression, context)) return true;
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isConditionalExpression(node)) return mayReturnPromise(node.whenTrue, context) || mayReturnPromise(node.whenFalse, context);
  if (!ts.isCallExpression(node)) return false;
  let root: ts.Expression = node.expression;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (ts.isIdentifier(root) && SYNC_GLOBALS.has(root.text) && !context.symbols.topLevelNames.has(root.text)) return false;
  if (ts.isIdentifier(node.expression) && context.symbols.topLevelNames.has(node.expression.text) && !context.symbols.promiseFunctions.has(node.expression.text)) return false;
  return true;
}

/** Whether the function's own body awaits, or returns a promise or may (typescript-eslint allows that). */
function scriptBodySuspends(fn: ScriptFunction, context: TypeScriptContext): boolean {
  const body = fn.body;
  if (!body) return true;
  if (!ts.isBlock(body)) return ts.isAwaitExpression(body) || mayReturnPromise(body, context);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
    else if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing) found = true;
    else if (ts.isReturnStatement(node) && node.expression && mayReturnPromise(node.expression, context)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** A body with nothing to await: empty, or only throwing (a stub or a not-implemented placeholder). */
function isScriptStub(fn: ScriptFunction): boolean {
  const body = fn.body;
  return body !== undefined && ts.isBlock(body) && body.statements.every((statement) => ts.isThrowStatement(statement) || ts.isEmptyStatement(statement));
}

/** A class member or object-literal member whose shape someone else dictates. */
function isDictatedMember(member: ts.MethodDeclaration | ts.PropertyDeclaration): boolean {
  if (hasModifier(member, ts.SyntaxKind.OverrideKeyword) || hasModifier(member, ts.SyntaxKind.AbstractKeyword)) return true;
  if (ts.getDecorators(member)?.length) return true;
  const owner = member.parent;
  if (ts.isClassLike(owner)) return (owner.heritageClauses?.length ?? 0) > 0;
  // Object-literal methods usually implement an interface declared elsewhere (handlers, hooks, providers).
  return ts.isObjectLiteralExpression(owner);
}

/** Whether someone else dictates that this function is async. */
function isScriptDictated(fn: ScriptFunction): boolean {
  if (ts.isMethodDeclaration(fn)) return isDictatedMember(fn);
  // A function handed straight to a call, or stored in an object property, must often return a promise
  // for the receiver's sake (route handlers, test bodies, commands, hooks).
  let up: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(up) || ts.isAsExpression(up) || ts.isSatisfiesExpression(up)) up = up.parent;
  if (ts.isCallExpression(up) || ts.isNewExpression(up) || ts.isPropertyAssignment(up) || ts.isJsxExpression(up)) return true;
  if (ts.isPropertyDeclaration(up)) return isDictatedMember(up);
  return false;
}

function scriptFunctionName(fn: ScriptFunction): string | undefined {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function checkScriptFunction(node: ts.Node, context: TypeScriptContext): void {
  const fn = node as ScriptFunction;
  if (!hasModifier(fn, ts.SyntaxKind.AsyncKeyword) || fn.asteriskToken) return;
  if (isScriptStub(fn) || isScriptDictated(fn) || scriptBodySuspends(fn, context)) return;
  const asyncKeyword = ts.getModifiers(fn)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  const name = scriptFunctionName(fn);
  const label = name ? `'${name}'` : 'This async function';
  context.report(asyncKeyword ?? fn, `${label} is async but never awaits; drop 'async' or await what it was meant to wait for`);
}

// An `async def` that never suspends costs its callers an `await` and a coroutine object for
// nothing, and often means an `await` was lost in a refactor.
export const asyncWithoutAwait: Rule = {
  meta: {
    id: 'async-without-await',
    title: 'Async function that never awaits',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'information',
    enabledByDefault: false,
    aliases: ['ASYNC124', 'RUF029', 'require-await'],
    checklist: 'async-functions-await',
    fixable: false,
    docs: {
      summary:
        'Finds `async def` functions whose own body has no `await`, `async for` or `async with`, and TS/JS async ' +
        'functions whose own body has no `await`, `for await` or `await using` (code in nested functions does not ' +
        'count).',
      why:
        'Such a function never gives other tasks a turn, so it runs exactly like a plain function, but every caller ' +
        'still has to `await` it and pay for a coroutine object. It cannot be called from sync code, and a caller ' +
        'that forgets the `await` silently skips the work. Often it means an `await` went missing: a call to a ' +
        'coroutine was left without one, or the async call was replaced by a sync one.',
      fix:
        'Make it a plain `def` and drop the `await` at its call sites, or add the missing `await` if the body ' +
        'was meant to wait for something.',
      examples: {
        python: {
          bad: 'async def cache_key(user_id, locale):\n    return f"user:{user_id}:{locale}"',
          good: 'def cache_key(user_id, locale):\n    return f"user:{user_id}:{locale}"',
        },
        typescript: {
          bad: 'export async function cacheKey(userId: string, locale: string) {\n  return `user:${userId}:${locale}`;\n}',
          good: 'export function cacheKey(userId: string, locale: string) {\n  return `user:${userId}:${locale}`;\n}',
        },
      },
      notes:
        'Off by default, and tuned for precision: it stays silent where the `async` is required by something else. ' +
        'Left alone are: functions with any decorator other than `@staticmethod` / `@classmethod` (routes such as ' +
        '`@app.get(...)`, `@pytest.fixture`, `@pytest.mark.asyncio` tests, bot commands, `@override`, ' +
        '`@abstractmethod`: a decorator receives the function and usually requires a coroutine function); methods ' +
        'of classes with a base other than `object` (overrides, protocols, ABCs); dunder methods such as ' +
        '`__aenter__`, `__aexit__` and `__anext__`; bodies that only declare the function (a docstring, `...`, ' +
        '`pass`, `raise NotImplementedError`); async generators; and functions that need a running loop without ' +
        'suspending, because they call `asyncio.create_task()`, `asyncio.get_running_loop()`, ' +
        '`asyncio.current_task()`, a `.create_task()` / `.start_soon()` method or similar. Callbacks registered ' +
        'by reference in another statement (`app.router.add_get("/", handler)`, Starlette `Route`s) cannot be ' +
        'seen; suppress those with `# noqa: ASYNC124`. Unlike RUF029, no fix is offered, since every caller ' +
        'would have to change. ' +
        'In TypeScript/JavaScript (`require-await`): `await`, `for await` and `await using` count; like ' +
        'typescript-eslint\'s version, an async function that returns a promise is accepted, and empty bodies are ' +
        'left alone. Without types, returning the result of any call counts as possibly returning a promise ' +
        '(`return client.send(request)`), except calls to `JSON`, `Math`, `Object` and similar globals and to plain ' +
        'functions declared at the top of the same file. ' +
        'Also left alone, for precision: bodies that only `throw`; async generators; methods of classes that ' +
        '`extends` or `implements` something, `override`, `abstract` and decorated methods; object-literal methods; ' +
        'and functions passed straight to a call, `new`, a JSX attribute or an object property (route handlers, ' +
        'test bodies, VS Code commands: the receiver may require a promise). ESLint and typescript-eslint report ' +
        'those callbacks and methods too.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name')?.text;
      const body = node.childForFieldName('body');
      if (!name || !body || !isAsyncFunction(node) || containsAwait(body) || isGenerator(node)) return;
      if (decoratorsOf(node).some((decorator) => !BINDING_DECORATORS.has(decorator.text))) return;
      if (isStubBody(body) || isDictatedMethod(node, name) || usesRunningLoop(body, context)) return;
      context.report(node.childForFieldName('name')!, `'async def ${name}' never awaits; make it a plain 'def' or await what it was meant to wait for`);
    },
  },
  typescript: {
    [ts.SyntaxKind.FunctionDeclaration]: checkScriptFunction,
    [ts.SyntaxKind.FunctionExpression]: checkScriptFunction,
    [ts.SyntaxKind.ArrowFunction]: checkScriptFunction,
    [ts.SyntaxKind.MethodDeclaration]: checkScriptFunction,
  },
};
