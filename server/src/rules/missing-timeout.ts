import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { enclosingFunction, hasSplatArguments, keywordArgument, nameBindings, positionalArguments, targetNames } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';
import { type MethodCall, methodCall } from './support/instances';
import { TIMEOUT_WRAPPERS, isUnderTimeout } from './support/scopes';

/**
 * aiohttp `ClientSession` methods that send a request. `ws_connect` is not one: a websocket is
 * meant to stay open, and its waits have timeouts of their own (`receive_timeout`, `heartbeat`).
 */
const AIOHTTP_REQUESTS = new Set(['request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Calls that open an asyncio stream pair: `reader, writer = await asyncio.open_connection(...)`. */
const STREAM_OPENERS = new Set(['asyncio.open_connection', 'asyncio.open_unix_connection']);
/** `StreamReader` methods that wait for the peer to send something. */
const STREAM_READS = new Set(['read', 'readline', 'readexactly', 'readuntil']);


/** True when a call may set a timeout: it passes `timeout=`, or `**kwargs` that could hold one. */
function passesTimeout(call: Node): boolean {
  return keywordArgument(call, 'timeout') !== undefined || hasSplatArguments(call);
}

/** `session.get()`, or `.get()` when the receiver is an expression too long to repeat. */
function callText(call: MethodCall): string {
  const receiver = call.receiver.type === 'identifier' || call.receiver.type === 'attribute' ? call.receiver.text : '';
  return `${receiver}.${call.method}()`;
}

/**
 * A request on a session created in the same function without a timeout, that sets none
 * itself and runs outside any timeout scope.
 */
function checkAiohttpRequest(call: Node, request: MethodCall, context: PythonContext): void {
  if (passesTimeout(call) || isUnderTimeout(call, context)) return;
  const origin = request.origin;
  const session = origin?.call;
  if (origin?.factory !== 'aiohttp.ClientSession' || origin.chain.length > 0 || !session || passesTimeout(session)) return;
  const fn = context.currentFunction?.node;
  if (!fn || !enclosingFunction(session)?.equals(fn)) return;
  context.report(
    call,
    `\`${callText(request)}\` sets no timeout and neither does its \`aiohttp.ClientSession()\`, so a stalled server holds it for aiohttp's five-minute default; pass \`timeout=aiohttp.ClientTimeout(...)\` to the session or the request`,
    { related: [{ range: context.rangeOf(session), message: 'The session is created here without a timeout' }] },
  );
}

/** True when an assignment's value awaits a stream-opening call, directly or through `asyncio.wait_for`. */
function opensStream(value: Node, context: PythonContext): boolean {
  let expression: Node | undefined = value.type === 'await' ? (value.firstNamedChild ?? undefined) : value;
  const callee = expression?.type === 'call' ? context.calleeName(expression) : undefined;
  if (expression && callee !== undefined && TIMEOUT_WRAPPERS.has(callee)) expression = positionalArguments(expression)[0];
  const opener = expression?.type === 'call' ? context.calleeName(expression) : undefined;
  return opener !== undefined && STREAM_OPENERS.has(opener);
}

/**
 * A read from the reader of `reader, writer = await asyncio.open_connection(...)`, bound once
 * in the same function, outside `asyncio.wait_for` and any timeout scope.
 */
function checkStreamRead(call: Node, read: MethodCall, context: PythonContext): void {
  if (read.receiver.type !== 'identifier' || isUnderTimeout(call, context)) return;
  const body = context.currentFunction?.node.childForFieldName('body');
  if (!body) return;
  const bindings = nameBindings(body).filter((binding) => binding.target.text === read.receiver.text);
  if (bindings.length !== 1) return;
  const [{ target, binder, source }] = bindings;
  const left = binder.type === 'assignment' ? binder.childForFieldName('left') : null;
  if (!left || !targetNames(left)[0]?.equals(target) || !opensStream(source, context)) return;
  const bound = context.atLeast(3, 11) ? '`async with asyncio.timeout(...)`' : '`asyncio.wait_for(...)`';
  context.report(
    call,
    `\`${callText(read)}\` waits for the peer with no timeout, so a silent connection stalls this task forever; bound it with ${bound}`,
  );
}

/** `httpx.AsyncClient(timeout=None)` or `timeout=httpx.Timeout(None)`: every limit switched off. */
function checkHttpxClient(call: Node, context: PythonContext): void {
  const timeout = keywordArgument(call, 'timeout');
  if (!timeout || !disablesHttpxTimeouts(timeout, context)) return;
  const argument = timeout.parent ?? timeout;
  context.report(
    argument,
    `\`${argument.text}\` switches off httpx's default five-second timeout, so a server that stops responding stalls requests forever; pass a finite \`httpx.Timeout(...)\``,
  );
}

function disablesHttpxTimeouts(value: Node, context: PythonContext): boolean {
  if (value.type === 'none') return true;
  if (value.type !== 'call' || context.calleeName(value) !== 'httpx.Timeout') return false;
  const argumentCount = value.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length;
  return argumentCount === 1 && positionalArguments(value)[0]?.type === 'none';
}

// --- TypeScript / JavaScript ----------------------------------------------------------

interface ScriptClient {
  /** What the message calls it. */
  label: string;
  /** Which argument holds the options, given the argument count; undefined when none can. */
  optionsIndex: (argumentCount: number) => number | undefined;
  /** Option names that give the call a deadline. */
  deadlines: readonly string[];
  /** Whether a call without any options argument is reported (false: only a visible literal is judged). */
  reportBare: boolean;
  advice: string;
}

const SIGNAL_ADVICE = 'pass `signal: AbortSignal.timeout(ms)`';
const FETCH: ScriptClient = { label: 'fetch()', optionsIndex: () => 1, deadlines: ['signal'], reportBare: true, advice: SIGNAL_ADVICE };
const AXIOS_NO_DATA: ScriptClient = {
  label: 'axios',
  optionsIndex: () => 1,
  deadlines: ['timeout', 'signal', 'cancelToken'],
  reportBare: true,
  advice: 'set `timeout` or pass `signal: AbortSignal.timeout(ms)`',
};
const AXIOS_WITH_DATA: ScriptClient = { ...AXIOS_NO_DATA, optionsIndex: () => 2 };
const AXIOS_CALL: ScriptClient = { ...AXIOS_NO_DATA, optionsIndex: (count) => (count >= 2 ? 1 : 0) };
const GOT: ScriptClient = {
  label: 'got',
  optionsIndex: (count) => (count >= 2 ? 1 : 0),
  deadlines: ['timeout', 'signal'],
  reportBare: true,
  advice: 'set `timeout: { request: ms }` or pass `signal: AbortSignal.timeout(ms)`',
};
const NODE_HTTP: ScriptClient = {
  label: 'http request',
  optionsIndex: () => -1,
  deadlines: ['timeout', 'signal'],
  reportBare: false,
  advice: 'set `timeout` (and handle the `timeout` event) or pass `signal: AbortSignal.timeout(ms)`',
};
const UNDICI: ScriptClient = {
  label: 'undici request()',
  optionsIndex: () => 1,
  deadlines: ['signal', 'headersTimeout', 'bodyTimeout'],
  reportBare: true,
  advice: SIGNAL_ADVICE,
};

const SCRIPT_CLIENTS = new Map<string, ScriptClient>([
  ['fetch', FETCH],
  ['node-fetch', FETCH],
  ['undici.fetch', FETCH],
  ['axios', AXIOS_CALL],
  ['axios.request', { ...AXIOS_NO_DATA, optionsIndex: () => 0 }],
  ...['get', 'delete', 'head', 'options'].map((method): [string, ScriptClient] => [`axios.${method}`, AXIOS_NO_DATA]),
  ...['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'].map((method): [string, ScriptClient] => [`axios.${method}`, AXIOS_WITH_DATA]),
  ['got', GOT],
  ...['get', 'post', 'put', 'patch', 'delete', 'head'].map((method): [string, ScriptClient] => [`got.${method}`, GOT]),
  ['http.request', NODE_HTTP],
  ['http.get', NODE_HTTP],
  ['https.request', NODE_HTTP],
  ['https.get', NODE_HTTP],
  ['undici.request', UNDICI],
]);

/** 'deadline' when the literal names one, 'unknown' when a spread may carry one, else 'none'. */
function literalDeadline(literal: ts.ObjectLiteralExpression, deadlines: readonly string[]): 'deadline' | 'unknown' | 'none' {
  let verdict: 'deadline' | 'unknown' | 'none' = 'none';
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) verdict = 'unknown';
    else if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && deadlines.includes(property.name.text)) return 'deadline';
    else if (property.name && ts.isComputedPropertyName(property.name)) verdict = 'unknown';
  }
  return verdict;
}

/** A fetch whose input may be a `Request`, which can carry its own signal. */
function mayBeRequestObject(input: ts.Expression | undefined): boolean {
  if (!input) return true;
  const expression = unwrapExpression(input);
  if (ts.isNewExpression(expression)) return expression.expression.getText() === 'Request';
  const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : '';
  return /^(req|input|resource|info)$|request$/i.test(name);
}

/** A string, a template, `new URL(...)` or a name that says it holds an address. */
function looksLikeAddress(argument: ts.Expression): boolean {
  const expression = unwrapExpression(argument);
  if (ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression)) return true;
  if (ts.isNewExpression(expression)) return expression.expression.getText() === 'URL';
  const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : '';
  return /(url|uri|href|endpoint)$/i.test(name);
}

/** Whether the function (or top-level statement) around the call sets a timeout on a request object itself. */
function setsTimeoutNearby(call: ts.Node): boolean {
  let scope: ts.Node = call;
  while (scope.parent && !ts.isSourceFile(scope.parent) && !ts.isFunctionLike(scope)) scope = scope.parent;
  return /\.setTimeout\s*\(/.test(scope.getText());
}

function checkScriptRequest(call: ts.CallExpression, context: TypeScriptContext): void {
  const name = context.calleeName(call);
  const client = name === undefined ? undefined : SCRIPT_CLIENTS.get(name);
  if (!client || call.arguments.length === 0) return;
  if (call.arguments.some((argument) => ts.isSpreadElement(argument))) return;
  let options: ts.Expression | undefined;
  if (client === NODE_HTTP) {
    options = call.arguments.map(unwrapExpression).find((argument) => ts.isObjectLiteralExpression(argument));
    if (!options || setsTimeoutNearby(call)) return;
  } else {
    const index = client.optionsIndex(call.arguments.length);
    options = index === undefined ? undefined : call.arguments[index];
    // `got(url)` / `axios(url)`: the only argument is the address, not options.
    if (index === 0 && options && looksLikeAddress(options)) options = undefined;
    else if (index === 0 && options && !ts.isObjectLiteralExpression(unwrapExpression(options))) return;
    if (client === FETCH && !options && mayBeRequestObject(call.arguments[0])) return;
  }
  if (options) {
    const literal = unwrapExpression(options);
    if (!ts.isObjectLiteralExpression(literal) || literalDeadline(literal, client.deadlines) !== 'none') return;
  } else if (!client.reportBare) {
    return;
  }
  context.report(call, `This ${client.label} has no timeout: a peer that stops answering leaves it waiting forever; ${client.advice}`);
}

// A network wait with no deadline is how one unresponsive peer turns into a hung service.
export const missingTimeout: Rule = {
  meta: {
    id: 'missing-timeout',
    title: 'Network I/O without a timeout',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'timeouts-everywhere',
    fixable: false,
    docs: {
      summary:
        'Finds network waits with no timeout in reach: aiohttp requests on a `ClientSession` created in the same ' +
        'function without `timeout=`, reads from a stream opened with `asyncio.open_connection()` outside ' +
        '`asyncio.wait_for()` or a timeout scope, and `httpx.AsyncClient(timeout=None)`. In TypeScript and JavaScript: ' +
        '`fetch()`, axios, got, undici `request()` and Node `http`/`https` requests whose visible options give no ' +
        '`signal` or `timeout`.',
      why:
        'A peer that accepts the connection and then goes quiet (a stuck server, a dropped packet on a half-open ' +
        'TCP connection, a proxy holding the line) never makes the read fail. Without a deadline the awaiting task ' +
        'waits forever, or for aiohttp\'s five-minute default, holding its connection, its worker slot and whatever ' +
        'its caller is waiting for; under load these stalled tasks pile up until the service stops answering. ' +
        '`fetch`, axios, got and Node\'s `http` module have no overall deadline by default either.',
      fix:
        'Give the I/O a deadline that fits the call: `aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))` ' +
        'or `timeout=` on the request; `async with asyncio.timeout(10):` (Python 3.11+) or `asyncio.wait_for(...)` ' +
        'around stream reads; a finite `httpx.Timeout(...)` instead of `None`. In TypeScript and JavaScript, pass ' +
        '`signal: AbortSignal.timeout(ms)` (fetch, undici, axios, got, `http.request`) or the client\'s own ' +
        '`timeout` option.',
      examples: {
        python: {
          bad:
            'import aiohttp\n\nasync def fetch_status(url):\n    async with aiohttp.ClientSession() as session:\n' +
            '        async with session.get(url) as response:\n            return response.status',
          good:
            'import aiohttp\n\nasync def fetch_status(url):\n    timeout = aiohttp.ClientTimeout(total=30)\n' +
            '    async with aiohttp.ClientSession(timeout=timeout) as session:\n' +
            '        async with session.get(url) as response:\n            return response.status',
        },
        typescript: {
          bad: 'export async function fetchStatus(url: string): Promise<number> {\n  const response = await fetch(url);\n  return response.status;\n}',
          good:
            'export async function fetchStatus(url: string): Promise<number> {\n' +
            '  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });\n  return response.status;\n}',
        },
      },
      notes:
        'Precision first: only what the function itself shows is judged. A session or stream passed in as a ' +
        'parameter, kept on `self` or created in another function is unknown and left alone, and so is a session ' +
        'or request given `**kwargs`, which may carry a timeout. Any `timeout=` counts as a timeout. A timeout scope ' +
        'or `asyncio.wait_for()` around the request, read or session in the same function covers it; one set up ' +
        'by a caller cannot be seen. httpx clients without `timeout=` are fine: httpx applies five seconds by default. ' +
        'In TypeScript and JavaScript only calls whose options are absent or an object literal without a spread ' +
        'are judged; options in a variable, a `fetch` given something that may be a `Request` (`req`, `input`, ' +
        '`new Request(...)`), axios or got ' +
        'instances made with `create()`/`extend()`, and Node `http` calls without an options literal (or near a ' +
        '`.setTimeout()` call) are left alone. Defaults set elsewhere (`axios.defaults.timeout`) cannot be seen.',
    },
  },
  python: {
    call(node, context) {
      if (context.calleeName(node) === 'httpx.AsyncClient') {
        checkHttpxClient(node, context);
        return;
      }
      const method = methodCall(node, context);
      if (method && AIOHTTP_REQUESTS.has(method.method)) checkAiohttpRequest(node, method, context);
      else if (method && STREAM_READS.has(method.method)) checkStreamRead(node, method, context);
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      checkScriptRequest(node as ts.CallExpression, context);
    },
  },
};
