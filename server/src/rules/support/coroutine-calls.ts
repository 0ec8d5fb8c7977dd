// "Is this call a call to a coroutine function?" answered once for every rule that asks it
// (unawaited calls, ensure_future on a coroutine, `yield from` a coroutine...).
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { instanceOrigin } from './instances';

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

const REQUEST_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const ASYNCPG_QUERIES = ['execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'copy_records_to_table', 'close'];
const REDIS_COMMANDS = [
  'get', 'set', 'delete', 'exists', 'expire', 'incr', 'decr', 'mget', 'mset', 'keys', 'ping', 'publish',
  'hget', 'hset', 'hgetall', 'hdel', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'srem', 'smembers', 'close', 'aclose',
];

/**
 * Methods of library objects whose call returns a coroutine (or an awaitable that does
 * nothing until awaited), keyed by what produced the receiver: the factory and the methods
 * called on the way (`async with session.get(url) as response` -> `aiohttp.ClientSession.get`).
 */
const LIBRARY_COROUTINE_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['aiohttp.ClientSession', new Set([...REQUEST_METHODS, 'ws_connect', 'close'])],
  ...REQUEST_METHODS.map((method): [string, ReadonlySet<string>] => [`aiohttp.ClientSession.${method}`, new Set(['json', 'text', 'read'])]),
  ['httpx.AsyncClient', new Set([...REQUEST_METHODS, 'send', 'aclose'])],
  ['aiofiles.open', new Set(['read', 'write', 'readline', 'readlines', 'writelines', 'flush', 'close', 'seek', 'tell', 'truncate'])],
  ['asyncpg.create_pool', new Set([...ASYNCPG_QUERIES, 'release', 'expire_connections'])],
  ['asyncpg.create_pool.acquire', new Set(ASYNCPG_QUERIES)],
  ['redis.asyncio.Redis', new Set(REDIS_COMMANDS)],
  ['redis.asyncio.StrictRedis', new Set(REDIS_COMMANDS)],
  ['redis.asyncio.from_url', new Set(REDIS_COMMANDS)],
]);

/** A method call on an object a library's factory produced, when that method is a coroutine. */
function isLibraryCoroutineMethod(callee: Node, context: PythonContext): boolean {
  const receiver = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  if (!receiver || !method) return false;
  const origin = instanceOrigin(receiver, context);
  return origin !== undefined && (LIBRARY_COROUTINE_METHODS.get([origin.factory, ...origin.chain].join('.'))?.has(method) ?? false);
}

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

/**
 * True when the call's callee is known to be a coroutine function: an `async def` of this
 * module (directly or through `self.` / `cls.` / `super()`), a coroutine function of another
 * project file, or a well-known library coroutine (functions, and methods of objects made by
 * aiohttp, httpx, aiofiles, asyncpg and redis.asyncio). The context must be positioned at the call.
 */
export function callsCoroutineFunction(call: Node, context: PythonContext): boolean {
  const callee = call.childForFieldName('function');
  return callee !== null && isCoroutineFunction(callee, context);
}

/**
 * True when the expression names a known coroutine function, by the same rules as
 * `callsCoroutineFunction`: a callee, or a function passed by reference (`to_thread(fetch)`).
 */
export function isCoroutineFunction(callee: Node, context: PythonContext): boolean {
  if (callee.type === 'identifier' && !context.imports.bindings.has(callee.text) && context.symbols.functions.has(callee.text)) {
    return context.symbols.functions.get(callee.text)! && !context.isLocallyBound(callee.text);
  }
  if (callee.type === 'attribute' && (methodCallee(callee, context) || isLibraryCoroutineMethod(callee, context))) return true;
  const qualified = context.qualifiedName(callee);
  return qualified !== undefined && (LIBRARY_COROUTINES.has(qualified) || context.isProjectCoroutine(qualified));
}
