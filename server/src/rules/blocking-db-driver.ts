import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { type InstanceOrigin, importedCallee, methodCall } from './support/instances';

/** A synchronous driver: how the message names it, and the async driver to use instead. */
interface Driver {
  readonly name: string;
  readonly asyncDriver: string;
  /** Whether its cursors read rows from the database while fetching (sqlite3 steps the query as you fetch). */
  readonly fetchDoesIo: boolean;
}

const SQLITE: Driver = { name: 'sqlite3', asyncDriver: 'aiosqlite', fetchDoesIo: true };
const PSYCOPG2: Driver = { name: 'psycopg2', asyncDriver: "asyncpg or psycopg's AsyncConnection", fetchDoesIo: false };
const PSYCOPG: Driver = { name: 'psycopg', asyncDriver: 'psycopg.AsyncConnection', fetchDoesIo: false };
const MYSQL: Driver = { name: 'MySQL', asyncDriver: 'aiomysql', fetchDoesIo: false };

/** DB-API `connect` functions: the connections and cursors they make run queries synchronously. */
const DBAPI_CONNECTS: ReadonlyMap<string, Driver> = new Map([
  ['sqlite3.connect', SQLITE],
  ['psycopg2.connect', PSYCOPG2],
  ['psycopg.connect', PSYCOPG],
  ['psycopg.Connection.connect', PSYCOPG],
  ['pymysql.connect', MYSQL],
  ['MySQLdb.connect', MYSQL],
  ['mysql.connector.connect', MYSQL],
]);

const REDIS: Driver = { name: 'redis', asyncDriver: 'redis.asyncio', fetchDoesIo: false };
const MONGO: Driver = { name: 'pymongo', asyncDriver: "motor or pymongo's AsyncMongoClient", fetchDoesIo: false };

/** Sync client classes: creating one in async code means every command through it blocks. */
const SYNC_CLIENTS: ReadonlyMap<string, Driver> = new Map([
  ['redis.Redis', REDIS],
  ['redis.StrictRedis', REDIS],
  ['redis.Redis.from_url', REDIS],
  ['redis.StrictRedis.from_url', REDIS],
  ['redis.from_url', REDIS],
  ['redis.client.Redis', REDIS],
  ['pymongo.MongoClient', MONGO],
  ['pymongo.mongo_client.MongoClient', MONGO],
]);

const CONNECTION_METHODS = new Set(['execute', 'executemany', 'executescript', 'commit', 'rollback', 'callproc', 'backup']);
const CURSOR_METHODS = new Set(['execute', 'executemany', 'executescript', 'callproc', 'copy_expert', 'copy_from', 'copy_to', 'nextset']);
const FETCH_METHODS = new Set(['fetchone', 'fetchmany', 'fetchall']);
/** Connection methods that return a cursor (sqlite3 and psycopg give one back from `execute`). */
const CURSOR_MAKERS = new Set(['cursor', 'execute', 'executemany', 'executescript']);

/** Redis client methods that build an object locally instead of sending a command. */
const REDIS_LOCAL_METHODS = new Set(['pipeline', 'pubsub', 'lock', 'register_script', 'get_encoder', 'get_connection_kwargs', 'close']);

/** Every DB-API method name reported on connections or cursors. */
const DBAPI_METHODS = new Set([...CONNECTION_METHODS, ...CURSOR_METHODS, ...FETCH_METHODS]);

/**
 * Whether the method call is worth resolving its receiver for: a DB-API method name, or any
 * name when the module imports redis (every Redis command is a method, so names cannot filter).
 */
function mayBeDriverMethod(method: string, context: PythonContext): boolean {
  return DBAPI_METHODS.has(method) || context.imports.modules.has('redis');
}

/** The driver whose blocking I/O a method call on a tracked object performs, if it does. */
function blockingMethodDriver(origin: InstanceOrigin | undefined, method: string): Driver | undefined {
  if (!origin) return undefined;
  const dbapi = DBAPI_CONNECTS.get(origin.factory);
  if (dbapi) {
    const { chain } = origin;
    if (chain.length === 0) return CONNECTION_METHODS.has(method) ? dbapi : undefined;
    const isCursor = chain.length === 1 && CURSOR_MAKERS.has(chain[0]);
    return isCursor && (CURSOR_METHODS.has(method) || (dbapi.fetchDoesIo && FETCH_METHODS.has(method))) ? dbapi : undefined;
  }
  if (SYNC_CLIENTS.get(origin.factory) !== REDIS) return undefined;
  if (origin.chain.length === 0) return REDIS_LOCAL_METHODS.has(method) ? undefined : REDIS;
  return origin.chain.length === 1 && origin.chain[0] === 'pipeline' && method === 'execute' ? REDIS : undefined;
}

function instead(driver: Driver, context: PythonContext): string {
  // The async drivers named here all need asyncio (AnyIO runs on it by default); trio code goes through a thread.
  return context.library === 'trio' ? "'await trio.to_thread.run_sync(...)'" : driver.asyncDriver;
}

/** What a call does with a sync driver: connects, creates a client, or runs a query through one. */
type DriverCall = { driver: Driver; kind: 'connect' | 'client' | 'query' };

function driverCall(call: Node, context: PythonContext): DriverCall | undefined {
  const opened = importedCallee(call, context, (name) => DBAPI_CONNECTS.has(name) || SYNC_CLIENTS.has(name));
  if (opened !== undefined) {
    const connect = DBAPI_CONNECTS.get(opened);
    return connect ? { driver: connect, kind: 'connect' } : { driver: SYNC_CLIENTS.get(opened)!, kind: 'client' };
  }
  const method = methodCall(call, context);
  if (!method || !mayBeDriverMethod(method.method, context)) return undefined;
  // `conn.execute(...).fetchone()` is one statement: its inner call is already the finding.
  if (method.receiver.type === 'call' && driverCall(method.receiver, context)) return undefined;
  const driver = blockingMethodDriver(method.origin, method.method);
  return driver && { driver, kind: 'query' };
}

const WHAT_IT_DOES: Readonly<Record<DriverCall['kind'], (driver: Driver) => string>> = {
  connect: () => 'connects with a synchronous driver, so it and every query through it block the event loop',
  client: () => 'creates a synchronous client, so every command through it blocks the event loop',
  query: (driver) => `waits for the synchronous ${driver.name} driver on the event loop thread`,
};

function report(call: Node, context: PythonContext): void {
  const found = driverCall(call, context);
  if (!found) return;
  const callee = call.childForFieldName('function')!.text;
  context.report(call, `'${callee}()' ${WHAT_IT_DOES[found.kind](found.driver)}; use ${instead(found.driver, context)}`);
}

// A sync database driver waits for the server (or the disk) on the thread every task shares.
export const blockingDbDriver: Rule = {
  meta: {
    id: 'blocking-db-driver',
    title: 'Synchronous database driver inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'no-blocking-network',
    fixable: false,
    docs: {
      summary:
        'Finds synchronous database drivers used in the body of an `async def`: `sqlite3.connect()`, ' +
        '`psycopg2.connect()`, `psycopg.connect()`, `pymysql.connect()`, `mysql.connector.connect()`, ' +
        '`redis.Redis()`, `pymongo.MongoClient()`, and queries through the connections, cursors and Redis clients ' +
        'they return.',
      why:
        'A synchronous driver sends the query and waits for the answer on the calling thread, which in async code ' +
        'is the event loop thread. Every other task waits for every query: one slow report query, a lock wait in the ' +
        'database or a network hiccup stalls the whole service, and throughput collapses to one query at a time.',
      fix:
        'Use the async driver and await its calls: asyncpg or psycopg\'s `AsyncConnection` for PostgreSQL, ' +
        'aiosqlite for SQLite, aiomysql for MySQL, `redis.asyncio` for Redis and motor (or pymongo\'s ' +
        '`AsyncMongoClient`) for MongoDB. If the sync driver must stay, run whole units of work in a thread with ' +
        '`asyncio.to_thread` (trio: `trio.to_thread.run_sync`).',
      examples: {
        python: {
          bad:
            'import sqlite3\n\nasync def order_count(db_path):\n    with sqlite3.connect(db_path) as conn:\n' +
            '        return conn.execute("SELECT count(*) FROM orders").fetchone()[0]',
          good:
            'import aiosqlite\n\nasync def order_count(db_path):\n    async with aiosqlite.connect(db_path) as conn:\n' +
            '        async with conn.execute("SELECT count(*) FROM orders") as cursor:\n' +
            '            return (await cursor.fetchone())[0]',
        },
      },
      notes:
        'Queries count only on objects known to come from a sync driver: created in the same function, bound by ' +
        '`with`, annotated, or stored on `self` by the same class. Creating a Redis or MongoDB client is reported ' +
        'even though it connects lazily, because every command through it will block; Redis methods that only build ' +
        'local objects (`pipeline()`, `pubsub()`, `lock()`) are not. `fetchone()` / `fetchall()` count only for ' +
        'sqlite3, whose cursors read rows as they are fetched; the network drivers\' default cursors already hold ' +
        'the rows. MongoDB collection calls are not tracked. Calls inside a nested `def` or `lambda` (such as one ' +
        'handed to `asyncio.to_thread`) are left alone. There is no peer code for this rule.',
    },
  },
  python: {
    call(node, context) {
      if (context.inAsyncContext && !isAwaited(node)) report(node, context);
    },
  },
};
