import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';

/** Library functions that return a coroutine (or an awaitable that does nothing until awaited). */
const LIBRARY_COROUTINES = new Set([
  'asyncio.sleep',
  'asyncio.wait_for',
  'asyncio.wait',
  'asyncio.open_connection',
  'asyncio.open_unix_connection',
  'asyncio.start_server',
  'asyncio.start_unix_server',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
  'asyncio.to_thread',
  'anyio.sleep',
  'anyio.sleep_forever',
  'anyio.sleep_until',
  'anyio.open_file',
  'anyio.run_process',
  'anyio.open_process',
  'anyio.connect_tcp',
  'anyio.connect_unix',
  'anyio.create_tcp_listener',
  'anyio.to_thread.run_sync',
  'anyio.to_process.run_sync',
  'anyio.lowlevel.checkpoint',
  'trio.sleep',
  'trio.sleep_forever',
  'trio.sleep_until',
  'trio.open_file',
  'trio.run_process',
  'trio.open_tcp_stream',
  'trio.open_tcp_listeners',
  'trio.serve_tcp',
  'trio.to_thread.run_sync',
  'trio.lowlevel.checkpoint',
]);

const MAX_BASE_DEPTH = 8;

/** Whether a method of a class of this module is a coroutine function, following its bases. */
function isCoroutineMethod(className: string, method: string, context: PythonContext, depth = 0): boolean {
  const owner = context.symbols.classes.get(className);
  if (!owner || depth > MAX_BASE_DEPTH) return false;
  const own = owner.methods.get(method);
  if (own !== undefined) return own;
  return owner.bases.some((base) => isInheritedCoroutine(base, method, context, depth));
}

function isInheritedCoroutine(base: string, method: string, context: PythonContext, depth: number): boolean {
  if (context.symbols.classes.has(base) && !context.imports.bindings.has(base)) {
    return isCoroutineMethod(base, method, context, depth + 1);
  }
  return context.isProjectCoroutine(`${context.resolveDotted(base)}.${method}`);
}

/** `self.m()`, `cls.m()` and `super().m()` inside a method: the method's own class decides. */
function methodCallee(callee: Node, context: PythonContext): boolean {
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  const className = context.enclosingClassName;
  if (!object || !method || className === undefined) return false;
  if (object.type === 'identifier' && (object.text === 'self' || object.text === 'cls')) {
    return isCoroutineMethod(className, method, context);
  }
  const isSuper = object.type === 'call' && object.childForFieldName('function')?.text === 'super';
  const bases = context.symbols.classes.get(className)?.bases ?? [];
  return isSuper && bases.some((base) => isInheritedCoroutine(base, method, context, 0));
}

/** True when the call's callee is known to be a coroutine function. */
function callsCoroutineFunction(call: Node, context: PythonContext): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (callee.type === 'identifier' && !context.imports.bindings.has(callee.text) && context.symbols.functions.has(callee.text)) {
    return context.symbols.functions.get(callee.text)! && !context.isLocallyBound(callee.text);
  }
  if (callee.type === 'attribute' && methodCallee(callee, context)) return true;
  const qualified = context.qualifiedName(callee);
  return qualified !== undefined && (LIBRARY_COROUTINES.has(qualified) || context.isProjectCoroutine(qualified));
}

// A coroutine object does nothing until awaited; dropping it silently skips the work.
export const unawaitedCoroutine: Rule = {
  meta: {
    id: 'unawaited-coroutine',
    title: 'Coroutine called but never awaited',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC105'],
    checklist: 'coroutines-awaited',
    fixable: true,
    docs: {
      summary:
        'Finds calls to coroutine functions whose result is thrown away: the call is a statement of its own, ' +
        'with no `await`, no task and no assignment.',
      why:
        'Calling an `async def` function only builds a coroutine object; none of its body runs until something ' +
        'awaits it or wraps it in a task. A bare call therefore skips the work without any error at the call site. ' +
        'The only trace is a "coroutine ... was never awaited" RuntimeWarning, printed later, when the object is ' +
        'garbage-collected, far from the line that caused it.',
      fix:
        'Put `await` in front of the call. If the work should run in the background, start it as a task in a task ' +
        'group (or keep a reference to the task) instead.',
      examples: {
        python: {
          bad: 'async def save(record):\n    ...\n\nasync def handle(record):\n    save(record)  # nothing is saved',
          good: 'async def save(record):\n    ...\n\nasync def handle(record):\n    await save(record)',
        },
      },
      fixSafety:
        'Safe inside an `async def`: the fix inserts `await`, which runs the work the call was written to do. ' +
        'Outside async code there is nowhere to await, so no fix is offered.',
      notes:
        'The callee must be known to be a coroutine function: an `async def` in the same module (directly, or ' +
        'through `self.` / `cls.` in the same class), or a well-known library coroutine such as `asyncio.sleep`. ' +
        'Async generators and `async def`s wrapped by unknown decorators are left alone, since calling them may not ' +
        'produce a coroutine.',
    },
  },
  python: {
    expression_statement(node, context) {
      const call = context.statementCall(node);
      if (!call) return;
      if (!callsCoroutineFunction(call, context)) return;
      const name = call.childForFieldName('function')!.text;
      const message = `'${name}()' returns a coroutine that is never awaited, so its body never runs`;
      const fixes = context.canAwaitHere(call) ? [{ title: `Await '${name}()'`, safe: true, edits: context.awaitEdits(call) }] : [];
      context.report(call, message, { fixes });
    },
  },
};
