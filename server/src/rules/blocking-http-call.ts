import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee, methodCall } from './support/instances';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Module-level functions that send a request and wait for the whole response. */
const BLOCKING_HTTP_FUNCTIONS = new Set([
  ...HTTP_VERBS.map((verb) => `requests.${verb}`),
  ...HTTP_VERBS.map((verb) => `requests.api.${verb}`),
  ...[...HTTP_VERBS, 'stream'].map((verb) => `httpx.${verb}`),
  'urllib.request.urlopen',
  'urllib3.request',
]);

const SESSION_METHODS = new Set([...HTTP_VERBS, 'send']);
const HTTPX_CLIENT_METHODS = new Set([...HTTP_VERBS, 'send', 'stream']);
const URLLIB3_POOL_METHODS = new Set(['request', 'urlopen', 'request_encode_url', 'request_encode_body']);

/** Synchronous client classes (and factories), with the methods that send a request. */
const SYNC_CLIENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['requests.Session', SESSION_METHODS],
  ['requests.session', SESSION_METHODS],
  ['requests.sessions.Session', SESSION_METHODS],
  ['httpx.Client', HTTPX_CLIENT_METHODS],
  ['urllib3.PoolManager', URLLIB3_POOL_METHODS],
  ['urllib3.ProxyManager', URLLIB3_POOL_METHODS],
  ['urllib3.HTTPConnectionPool', URLLIB3_POOL_METHODS],
  ['urllib3.HTTPSConnectionPool', URLLIB3_POOL_METHODS],
  ['urllib3.connection_from_url', URLLIB3_POOL_METHODS],
  ['urllib3.proxy_from_url', URLLIB3_POOL_METHODS],
  ['urllib3.poolmanager.PoolManager', URLLIB3_POOL_METHODS],
]);

/** aiohttp runs only on asyncio; httpx's async client runs on all three. */
const ASYNC_CLIENT: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: 'an async client such as httpx.AsyncClient or aiohttp',
  anyio: 'httpx.AsyncClient',
  trio: 'httpx.AsyncClient',
};

/** Every method name any sync client sends a request with, to skip other calls before resolving receivers. */
const REQUEST_METHODS = new Set([...SYNC_CLIENTS.values()].flatMap((methods) => [...methods]));

/** True when the call sends a request through a client object known to be synchronous. */
function isSyncClientRequest(call: Node, context: PythonContext): boolean {
  const method = methodCall(call, context);
  if (!method || !REQUEST_METHODS.has(method.method)) return false;
  const origin = method.origin;
  return origin !== undefined && origin.chain.length === 0 && (SYNC_CLIENTS.get(origin.factory)?.has(method.method) ?? false);
}

// A synchronous HTTP client waits for the network on the event loop thread.
export const blockingHttpCall: Rule = {
  meta: {
    id: 'blocking-http-call',
    title: 'Blocking HTTP request inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC210', 'ASYNC211', 'ASYNC212'],
    checklist: 'no-blocking-calls',
    fixable: false,
    docs: {
      summary:
        'Finds synchronous HTTP requests in the body of an `async def`: `requests.get()` and friends, ' +
        '`urllib.request.urlopen()`, urllib3 pool requests, `httpx.get()`, and the request methods of a ' +
        '`requests.Session`, `httpx.Client` or urllib3 pool the function created.',
      why:
        'A synchronous client sends the request and then waits for the server on the thread that runs the event ' +
        'loop. For the whole round trip, which is seconds for a slow server and minutes without a timeout, no other ' +
        'task runs: other requests queue up, websockets miss pings, and timeouts elsewhere fire late.',
      fix:
        'Use an async client and await it: `httpx.AsyncClient` (asyncio, AnyIO and trio) or `aiohttp` (asyncio ' +
        'only), ideally one client shared for the life of the app. If a library only offers a sync API, run the call ' +
        'with `asyncio.to_thread` (or `anyio.to_thread.run_sync` / `trio.to_thread.run_sync`).',
      examples: {
        python: {
          bad:
            'import requests\n\nasync def fetch_profile(user_id):\n' +
            '    response = requests.get(f"https://api.example.com/users/{user_id}", timeout=10)\n' +
            '    return response.json()',
          good:
            'import httpx\n\nasync def fetch_profile(client: httpx.AsyncClient, user_id):\n' +
            '    response = await client.get(f"https://api.example.com/users/{user_id}", timeout=10)\n' +
            '    return response.json()',
        },
      },
      notes:
        'A client method counts only when the receiver is known to be a sync client: assigned from ' +
        '`requests.Session()` / `httpx.Client()` / `urllib3.PoolManager()` in the same function, bound by ' +
        '`with httpx.Client() as client`, annotated as one, or stored on `self` by the same class. Unlike ' +
        'flake8-async\'s ASYNC211, a `.request("GET", ...)` call on an unknown object is not reported. Requests made ' +
        'inside a nested `def` or `lambda` (for example one passed to `asyncio.to_thread`) are left alone.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      const blocking =
        importedCallee(node, context, (name) => BLOCKING_HTTP_FUNCTIONS.has(name)) !== undefined ||
        isSyncClientRequest(node, context);
      if (!blocking) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(
        node,
        `'${callee}()' waits for the HTTP response on the event loop thread; use ${ASYNC_CLIENT[context.library]} and await it`,
      );
    },
  },
};
