import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee, methodCall } from './support/instances';
import { THREAD_OFFLOAD, toThreadFixes } from './support/offload';

/** The last segments of the configured names (`query` for `legacy.Client.query`), per configuration. */
const configuredMethods = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** Whether a method of this name could match a configured `<class>.<method>`, to skip other calls before resolving receivers. */
function isConfiguredMethodName(method: string, context: PythonContext): boolean {
  let methods = configuredMethods.get(context.blockingCalls);
  if (!methods) {
    methods = new Set([...context.blockingCalls].map((name) => name.slice(name.lastIndexOf('.') + 1)));
    configuredMethods.set(context.blockingCalls, methods);
  }
  return methods.has(method);
}

/**
 * The configured name a call matches: its callee's qualified name (`legacy.fetch_sync`), or
 * `<class>.<method>` for a method called on an object known to come from that class
 * (`client = legacy.Client()` then `client.query()` matches `legacy.Client.query`).
 */
function configuredName(call: Node, context: PythonContext): string | undefined {
  const direct = importedCallee(call, context, (name) => context.blockingCalls.has(name));
  if (direct !== undefined) return direct;
  const method = methodCall(call, context);
  if (!method || !isConfiguredMethodName(method.method, context)) return undefined;
  const origin = method.origin;
  if (!origin || origin.chain.length > 0) return undefined;
  const name = `${origin.factory}.${method.method}`;
  return context.blockingCalls.has(name) ? name : undefined;
}

// The project knows its own blocking APIs better than any built-in list.
export const configuredBlockingCall: Rule = {
  meta: {
    id: 'configured-blocking-call',
    title: 'Call configured as blocking inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC200'],
    checklist: 'declared-blocking-calls',
    fixable: true,
    docs: {
      summary:
        'Finds calls, in the body of an `async def`, to functions and methods you have listed as blocking in the ' +
        '`awaitwise.python.blockingCalls` setting (or the command line\'s equivalent): your own sync SDKs, legacy ' +
        'clients, anything the built-in rules do not know.',
      why:
        'A blocking call holds the event loop thread until it returns, so every other task waits for it. The ' +
        'built-in rules know the standard library and popular clients, but not an in-house SDK or a vendor library ' +
        'whose calls make network requests under the hood; listing them lets the same check guard those.',
      fix:
        'Call an async equivalent if the library has one, or run the call in a worker thread: ' +
        '`await asyncio.to_thread(legacy.fetch_sync, key)` (or `anyio.to_thread.run_sync` / ' +
        '`trio.to_thread.run_sync`).',
      examples: {
        python: {
          bad:
            '# settings: "awaitwise.python.blockingCalls": ["billing_sdk.charge"]\nimport billing_sdk\n\n' +
            'async def checkout(order):\n    receipt = billing_sdk.charge(order.customer_id, order.total)\n    return receipt.id',
          good:
            '# settings: "awaitwise.python.blockingCalls": ["billing_sdk.charge"]\nimport asyncio\n\nimport billing_sdk\n\n' +
            'async def checkout(order):\n' +
            '    receipt = await asyncio.to_thread(billing_sdk.charge, order.customer_id, order.total)\n    return receipt.id',
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all, in asyncio modules targeting Python 3.9 or later: the call becomes ' +
        '`await asyncio.to_thread(<function>, <same arguments>)`, importing asyncio when needed. Whether the ' +
        'function is safe to run in another thread is for its author to say.',
      notes:
        'Names are exact dotted names, matched after following imports: `from billing_sdk import charge as pay` ' +
        'then `pay(...)` matches `billing_sdk.charge`. A `module.Class.method` entry matches the method called on an ' +
        'object known to be made by `module.Class(...)` (created in the same function, bound by `with`, annotated, or ' +
        'stored on `self` by the same class). There are no wildcards, unlike flake8-async\'s ASYNC200 patterns. ' +
        'Awaited calls are left alone (an awaited call is async), as are calls inside a nested `def` or `lambda`. ' +
        'With nothing configured the rule reports nothing.',
    },
  },
  python: {
    call(node, context) {
      if (context.blockingCalls.size === 0 || !context.inAsyncContext || isAwaited(node)) return;
      const name = configuredName(node, context);
      if (name === undefined) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(
        node,
        `'${callee}()' is configured as blocking ('${name}') and holds the event loop here; use an async equivalent or ` +
          `'${THREAD_OFFLOAD[context.library]}'`,
        { fixes: toThreadFixes(node, context) },
      );
    },
  },
};
