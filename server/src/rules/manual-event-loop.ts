import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { ancestors, positionalArguments } from '../engine/python/syntax';

const LOOP_FACTORIES = new Set(['asyncio.new_event_loop', 'asyncio.get_event_loop']);
const RUN_METHODS = new Set(['run_until_complete', 'run_forever']);
/** Loop methods `asyncio.run` itself stands for: shutting down after the run. */
const CLEANUP_METHODS = new Set(['close', 'shutdown_asyncgens', 'shutdown_default_executor']);
/**
 * Everything a loop used for one run may do. Anything else (signal handlers, readers,
 * callbacks, executors, exception handlers, servers) configures the loop itself, which is
 * the case for managing it by hand.
 */
const ONE_SHOT_METHODS = new Set([...RUN_METHODS, ...CLEANUP_METHODS, 'create_task', 'set_debug']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

interface LoopScope {
  /** The function body or top-level statement the run call shares its loop with. */
  node: Node;
  /** Script code, run once: nothing else runs this statement again on the same loop. */
  topLevel: boolean;
}

function scopeOf(node: Node, context: PythonContext): LoopScope | undefined {
  const frame = context.currentFunction;
  if (frame) {
    const body = frame.kind === 'sync' ? frame.node.childForFieldName('body') : null;
    return body ? { node: body, topLevel: false } : undefined;
  }
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return { node: statement, topLevel: true };
}

/** The factory a call to `asyncio.new_event_loop()` / `asyncio.get_event_loop()` names. */
function loopFactory(node: Node | null, context: PythonContext): string | undefined {
  const factory = node?.type === 'call' ? context.calleeName(node) : undefined;
  return factory && LOOP_FACTORIES.has(factory) ? factory : undefined;
}

/** `loop.method(...)` for the `loop` identifier given: the call and the method name. */
function methodCallOn(receiver: Node): { call: Node; method: string } | undefined {
  const attribute = receiver.parent;
  if (attribute?.type !== 'attribute' || !attribute.childForFieldName('object')?.equals(receiver)) return undefined;
  const call = attribute.parent;
  const method = attribute.childForFieldName('attribute')?.text;
  if (call?.type !== 'call' || !call.childForFieldName('function')?.equals(attribute) || !method) return undefined;
  return { call, method };
}

/** `loop.run_until_complete(loop.shutdown_asyncgens())`: part of shutting down, not a run of its own. */
function isCleanupRun(call: Node): boolean {
  const [argument] = positionalArguments(call);
  const callee = argument?.type === 'call' ? argument.childForFieldName('function') : null;
  return callee?.type === 'attribute' && CLEANUP_METHODS.has(callee.childForFieldName('attribute')?.text ?? '');
}

/** An identifier that names something else: `x.loop`'s attribute, or the `loop` of `loop=...`. */
function isNameOnly(identifier: Node): boolean {
  const parent = identifier.parent;
  return (
    (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(identifier) === true) ||
    (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(identifier) === true)
  );
}

function isSetEventLoopArgument(identifier: Node, context: PythonContext): boolean {
  const call = identifier.parent?.type === 'argument_list' ? identifier.parent.parent : null;
  return call?.type === 'call' && context.calleeName(call) === 'asyncio.set_event_loop';
}

/** What a scope does with the loop a run call runs on, when it only uses it for one run. */
interface OneShotLoop {
  factory: string;
  closed: boolean;
  madeCurrent: boolean;
}

/**
 * The loop named `name`, when the scope creates it once and does nothing with it beyond one
 * run, making it current, scheduling tasks and shutting it down. Any other use (passing it
 * on, storing it, a closure, another method) means the loop outlives one run: undefined.
 */
function namedOneShotLoop(name: string, scope: Node, context: PythonContext): OneShotLoop | undefined {
  const found: OneShotLoop = { factory: '', closed: false, madeCurrent: false };
  let creations = 0;
  let runs = 0;
  for (const use of scope.descendantsOfType('identifier')) {
    if (!use || use.text !== name || isNameOnly(use)) continue;
    // A closure over the loop (a callback, a signal handler) may use it at any time.
    if ([...ancestors(use, scope)].some((up) => NESTED_SCOPES.has(up.type))) return undefined;
    const parent = use.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.equals(use)) {
      const factory = loopFactory(parent.childForFieldName('right'), context);
      if (!factory) return undefined;
      found.factory = factory;
      creations++;
    } else if (isSetEventLoopArgument(use, context)) {
      found.madeCurrent = true;
    } else {
      const method = methodCallOn(use);
      if (!method || !ONE_SHOT_METHODS.has(method.method)) return undefined;
      if (RUN_METHODS.has(method.method) && !isCleanupRun(method.call)) runs++;
      if (method.method === 'close') found.closed = true;
    }
  }
  return creations === 1 && runs === 1 ? found : undefined;
}

/** `asyncio.new_event_loop().run_until_complete(...)`: one-shot unless the scope fetches a loop again. */
function chainedOneShotLoop(receiver: Node, scope: Node, context: PythonContext): OneShotLoop | undefined {
  const factory = loopFactory(receiver, context);
  if (!factory) return undefined;
  const fetches = scope.descendantsOfType('call').filter((call) => call !== null && loopFactory(call, context) !== undefined);
  return fetches.length === 1 ? { factory, closed: false, madeCurrent: false } : undefined;
}

/**
 * Whether `asyncio.run()` could replace the run. A loop from `get_event_loop()`, or one made
 * current and left open, may be the loop other code runs on later (a sync wrapper called
 * many times, a setup function then a serve function); unless the scope closes it, that is
 * only ruled out for script code at the top level of the module.
 */
function couldUseAsyncioRun(loop: OneShotLoop, scope: LoopScope): boolean {
  const shared = loop.factory === 'asyncio.get_event_loop' || loop.madeCurrent;
  return loop.closed || !shared || scope.topLevel;
}

// `asyncio.run` creates, runs and tears down a loop in one call; doing it by hand is longer
// and easy to get subtly wrong (no async generator shutdown, leftover tasks, an unclosed loop).
export const manualEventLoop: Rule = {
  meta: {
    id: 'manual-event-loop',
    title: 'Event loop managed by hand for a single run',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: [],
    checklist: 'single-entry-point',
    fixable: false,
    docs: {
      summary:
        'Finds an event loop obtained with `asyncio.new_event_loop()` or `asyncio.get_event_loop()` only to run one ' +
        'coroutine with `run_until_complete()` or `run_forever()`, in the same function or top-level statement, ' +
        'where `asyncio.run()` would do.',
      why:
        'Hand-written loop handling tends to skip steps that `asyncio.run()` always takes: cancelling tasks that are ' +
        'still pending, finalizing async generators, shutting down the default executor and closing the loop. The ' +
        'result is "Task was destroyed but it is pending!" and "unclosed event loop" warnings at exit, or cleanup ' +
        'code in `finally` blocks and async generators that never runs. Calling `asyncio.get_event_loop()` with no ' +
        'loop running is also deprecated since Python 3.10 and no longer creates a loop in 3.14.',
      fix:
        'Move the work into one `async def main()` and start it with `asyncio.run(main())`. Code that used ' +
        '`run_forever()` with tasks scheduled first awaits those tasks (or a stop event) in `main()` instead.',
      examples: {
        python: {
          bad:
            'import asyncio\n\ndef cli():\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n    try:\n' +
            '        loop.run_until_complete(sync_inventory())\n    finally:\n        loop.close()',
          good: 'import asyncio\n\ndef cli():\n    asyncio.run(sync_inventory())',
        },
      },
      notes:
        'The finding is on the run call, and only when the loop is used for exactly one run: made current, given ' +
        'tasks with `create_task`, put in debug mode, shut down and closed, and nothing else. A loop that is passed ' +
        'on, stored, used in a nested function, run more than once, or configured with other methods (signal ' +
        'handlers, readers, `call_soon`, executors, exception handlers) is left alone, since keeping a loop across ' +
        'calls is what managing it by hand is for; that includes `run_forever()` with signal handlers. A loop that ' +
        'other code may also run on later (one from `get_event_loop()`, or a new one made current) counts as used ' +
        'once only when the same code closes it, or in script code at the top level of the module: a sync ' +
        'function such as `def run_sync(coro): return asyncio.get_event_loop().run_until_complete(coro)` is often ' +
        'called many times and relies on every call reaching the same loop. Inside an `async def` the call is ' +
        '`asyncio-run-in-async`\'s to report. The engine reads one top-level statement at a time, so a loop created ' +
        'by one module-level statement and run by the next is not seen; an `if __name__ == "__main__":` block is ' +
        'one statement and is checked. Nothing is reported when the target Python is older than 3.7, which has no ' +
        '`asyncio.run()`. No fix is offered: the replacement spans several statements.',
    },
  },
  python: {
    call(node, context) {
      if (!context.atLeast(3, 7)) return;
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'attribute' || !RUN_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return;
      if (isCleanupRun(node)) return;
      const scope = scopeOf(node, context);
      const receiver = callee.childForFieldName('object');
      if (!scope || !receiver) return;
      const loop =
        receiver.type === 'identifier' ? namedOneShotLoop(receiver.text, scope.node, context) : chainedOneShotLoop(receiver, scope.node, context);
      if (!loop || !couldUseAsyncioRun(loop, scope)) return;
      context.report(
        node,
        "This event loop is created by hand for a single run; 'asyncio.run()' does the same and also cancels leftover tasks and closes the loop",
      );
    },
  },
};
