import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { enclosingFunction, unwrapExpression } from '../engine/typescript/syntax';
import { importedCallee, methodCall } from './support/instances';

/** npm packages whose default export sends a request and waits for the response synchronously. */
const SYNC_HTTP_PACKAGES = new Set(['sync-request', 'sync-fetch']);

function isNewXhr(expression: ts.Expression | undefined, context: TypeScriptContext): boolean {
  if (!expression) return false;
  const inner = unwrapExpression(expression);
  return ts.isNewExpression(inner) && context.calleeName(inner) === 'XMLHttpRequest';
}

/** Whether `name` is assigned a `new XMLHttpRequest()` directly in `scope`'s own code. */
function boundToNewXhr(name: string, scope: ts.SignatureDeclaration, context: TypeScriptContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      found = isNewXhr(node.initializer, context) && enclosingFunction(node) === scope;
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      node.left.text === name
    ) {
      found = isNewXhr(node.right, context) && enclosingFunction(node) === scope;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** `xhr.open(method, url, false)` on an XMLHttpRequest made in the same function (or inline). */
function isSyncXhrOpen(call: ts.CallExpression, context: TypeScriptContext): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'open') return false;
  const async = call.arguments[2];
  if (!async || unwrapExpression(async).kind !== ts.SyntaxKind.FalseKeyword) return false;
  const receiver = unwrapExpression(callee.expression);
  if (isNewXhr(receiver, context)) return true;
  const scope = context.currentFunction;
  return ts.isIdentifier(receiver) && scope !== undefined && boundToNewXhr(receiver.text, scope, context);
}

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
    languages: ['python', 'typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC210', 'ASYNC211', 'ASYNC212'],
    checklist: 'no-blocking-network',
    fixable: false,
    docs: {
      summary:
        'Finds synchronous HTTP requests. Python, in the body of an `async def`: `requests.get()` and friends, ' +
        '`urllib.request.urlopen()`, urllib3 pool requests, `httpx.get()`, and the request methods of a ' +
        '`requests.Session`, `httpx.Client` or urllib3 pool the function created. TypeScript and JavaScript: the ' +
        '`sync-request` and `sync-fetch` packages inside async functions, and a synchronous `XMLHttpRequest` ' +
        '(`xhr.open(method, url, false)`) anywhere.',
      why:
        'A synchronous client sends the request and then waits for the server on the thread that runs the event ' +
        'loop. For the whole round trip, which is seconds for a slow server and minutes without a timeout, no other ' +
        'task runs: other requests queue up, websockets miss pings, and timeouts elsewhere fire late. In a browser, a ' +
        'synchronous XMLHttpRequest freezes the page the same way, which is why browsers deprecate it on the main ' +
        'thread.',
      fix:
        'Python: use an async client and await it: `httpx.AsyncClient` (asyncio, AnyIO and trio) or `aiohttp` (asyncio ' +
        'only), ideally one client shared for the life of the app. If a library only offers a sync API, run the call ' +
        'with `asyncio.to_thread` (or `anyio.to_thread.run_sync` / `trio.to_thread.run_sync`). TypeScript and ' +
        'JavaScript: `await fetch(url)` (built into Node 18+ and browsers), or an async client such as undici or ' +
        'axios; drop the `false` argument of `xhr.open()` and handle the response in its `load` event.',
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
        typescript: {
          bad:
            "import request from 'sync-request';\n\nexport async function fetchProfile(userId: string) {\n" +
            "  const response = request('GET', `https://api.example.com/users/${userId}`);\n" +
            "  return JSON.parse(response.getBody('utf8'));\n}",
          good:
            'export async function fetchProfile(userId: string) {\n' +
            '  const response = await fetch(`https://api.example.com/users/${userId}`);\n' +
            '  return response.json();\n}',
        },
      },
      notes:
        'A client method counts only when the receiver is known to be a sync client: assigned from ' +
        '`requests.Session()` / `httpx.Client()` / `urllib3.PoolManager()` in the same function, bound by ' +
        '`with httpx.Client() as client`, annotated as one, or stored on `self` by the same class. Unlike ' +
        'flake8-async\'s ASYNC211, a `.request("GET", ...)` call on an unknown object is not reported. Requests made ' +
        'inside a nested `def` or `lambda` (for example one passed to `asyncio.to_thread`) are left alone. ' +
        'TypeScript and JavaScript: `sync-request` and `sync-fetch` (resolved through `import` and `require`) are ' +
        'reported only directly in an async function, so CLI scripts and sync callbacks that use them are left ' +
        'alone. A synchronous XMLHttpRequest is reported wherever it is, async function or not, since it blocks ' +
        'whatever thread runs it; it counts only when the receiver of `open(..., false)` is a ' +
        '`new XMLHttpRequest()` made inline or assigned to a local variable in the same function.',
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
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const call = node as ts.CallExpression;
      if (isSyncXhrOpen(call, context)) {
        context.report(
          call,
          "A synchronous XMLHttpRequest (open with async 'false') blocks the thread until the response arrives; " +
            "drop the 'false' and handle the 'load' event, or use 'await fetch(...)' instead",
        );
        return;
      }
      if (!context.inAsyncContext) return;
      const name = context.calleeName(call);
      if (!name || !SYNC_HTTP_PACKAGES.has(name)) return;
      context.report(call, `The '${name}' package waits for the HTTP response on the event loop thread; use 'await fetch(...)' instead`);
    },
  },
};
