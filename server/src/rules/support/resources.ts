// The async resources the resource rules know, by the qualified name of the call that makes
// them (or of their type, as written in annotations).

/**
 * Objects that can only be entered with `async with`: they have no `__enter__`, or one that
 * raises. Cancel scopes (`anyio.fail_after`, `trio.move_on_after`, `CancelScope`...) are plain
 * context managers and are deliberately absent, as is `asyncio.Event`, which is no context
 * manager at all.
 */
export const ASYNC_ONLY_CONTEXT_MANAGERS: ReadonlySet<string> = new Set([
  'asyncio.Lock',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Condition',
  'asyncio.TaskGroup',
  'asyncio.timeout',
  'asyncio.timeout_at',
  'asyncio.Timeout',
  'anyio.create_task_group',
  'anyio.abc.TaskGroup',
  'anyio.Lock',
  'anyio.Semaphore',
  'anyio.Condition',
  'anyio.CapacityLimiter',
  'trio.open_nursery',
  'trio.Nursery',
  'trio.Lock',
  'trio.StrictFIFOLock',
  'trio.Semaphore',
  'trio.Condition',
  'trio.CapacityLimiter',
  'aiohttp.ClientSession',
  'aiohttp.request',
  'httpx.AsyncClient',
  'aiofiles.open',
  'aiofiles.tempfile.TemporaryFile',
  'aiofiles.tempfile.NamedTemporaryFile',
  'aiofiles.tempfile.SpooledTemporaryFile',
  'aiofiles.tempfile.TemporaryDirectory',
  'asyncpg.create_pool',
  'asyncpg.Pool',
  'asyncpg.pool.Pool',
]);

const AIOHTTP_REQUESTS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'ws_connect'];

/** Methods whose result can only be entered with `async with`, by what made the receiver. */
export const ASYNC_ONLY_CONTEXT_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['aiohttp.ClientSession', new Set(AIOHTTP_REQUESTS)],
  ['httpx.AsyncClient', new Set(['stream'])],
  ['asyncpg.create_pool', new Set(['acquire'])],
  ['asyncpg.Pool', new Set(['acquire'])],
  ['asyncpg.pool.Pool', new Set(['acquire'])],
]);

export interface ClosableResource {
  /** The call opens the resource only once awaited (`await asyncpg.connect()`). */
  needsAwait: boolean;
  /** How `async with` opens it, for objects that are async context managers. */
  entered?: 'async with' | 'async with await';
  /** `asyncio.open_connection()` returns `(reader, writer)`: the writer is what must be closed. */
  writerPair?: true;
}

/** Resources that hold a socket, connection pool or file until closed. */
export const CLOSABLE_RESOURCES: ReadonlyMap<string, ClosableResource> = new Map<string, ClosableResource>([
  ['aiohttp.ClientSession', { needsAwait: false, entered: 'async with' }],
  ['httpx.AsyncClient', { needsAwait: false, entered: 'async with' }],
  ['redis.asyncio.Redis', { needsAwait: false, entered: 'async with' }],
  ['redis.asyncio.StrictRedis', { needsAwait: false, entered: 'async with' }],
  ['redis.asyncio.from_url', { needsAwait: false, entered: 'async with' }],
  ['asyncpg.connect', { needsAwait: true }],
  ['asyncpg.create_pool', { needsAwait: true, entered: 'async with' }],
  ['aiofiles.open', { needsAwait: true, entered: 'async with' }],
  ['anyio.open_file', { needsAwait: true, entered: 'async with await' }],
  ['anyio.connect_tcp', { needsAwait: true, entered: 'async with await' }],
  ['trio.open_file', { needsAwait: true, entered: 'async with await' }],
  ['trio.open_tcp_stream', { needsAwait: true, entered: 'async with await' }],
  ['asyncio.open_connection', { needsAwait: true, writerPair: true }],
]);

/** The methods that release a resource. */
export const CLOSE_METHODS: ReadonlySet<string> = new Set(['close', 'aclose']);

/** HTTP sessions and clients, which pool connections for the requests made through them. */
export const HTTP_SESSIONS: ReadonlySet<string> = new Set([
  'aiohttp.ClientSession',
  'httpx.AsyncClient',
  'httpx.Client',
  'requests.Session',
  'requests.session',
]);
