import ts from 'typescript';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee } from './support/instances';
import { THREAD_OFFLOAD, toThreadFixes } from './support/offload';

/**
 * Calls that burn CPU for as long as their input (or their cost factor) asks: key derivation is
 * slow by design, and one-shot compression works through the whole payload in one call.
 */
const CPU_HEAVY_CALLS = new Set([
  'hashlib.pbkdf2_hmac',
  'hashlib.scrypt',
  'bcrypt.hashpw',
  'bcrypt.checkpw',
  'bcrypt.kdf',
  ...['zlib', 'bz2', 'lzma', 'gzip'].flatMap((module) => [`${module}.compress`, `${module}.decompress`]),
]);

/**
 * Node's synchronous key derivation and one-shot compression, mapped to their callback form
 * (which runs on libuv's thread pool).
 */
const NODE_CPU_HEAVY_CALLS: ReadonlyMap<string, string> = new Map([
  ...['pbkdf2', 'scrypt', 'generateKeyPair'].map((name) => [`crypto.${name}Sync`, `crypto.${name}`] as const),
  ...[
    'gzip',
    'gunzip',
    'deflate',
    'inflate',
    'deflateRaw',
    'inflateRaw',
    'unzip',
    'brotliCompress',
    'brotliDecompress',
  ].map((name) => [`zlib.${name}Sync`, `zlib.${name}`] as const),
]);

// CPU-bound work holds the event loop for its whole run, however short each await around it is.
export const blockingCpuCall: Rule = {
  meta: {
    id: 'blocking-cpu-call',
    title: 'CPU-heavy call inside async code',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'information',
    enabledByDefault: true,
    aliases: [],
    checklist: 'cpu-work-offloaded',
    fixable: true,
    docs: {
      summary:
        'Finds well-known CPU-heavy calls in the body of an async function: password hashing and key derivation ' +
        '(Python: `hashlib.pbkdf2_hmac`, `hashlib.scrypt`, `bcrypt.hashpw`, `bcrypt.checkpw`, `bcrypt.kdf`; Node: ' +
        '`crypto.pbkdf2Sync`, `scryptSync`, `generateKeyPairSync`) and one-shot compression of a whole payload ' +
        '(Python: `zlib`, `bz2`, `lzma` and `gzip` `compress()` / `decompress()`; Node: the `zlib` `*Sync` ' +
        'functions such as `gzipSync`, `inflateSync` and `brotliCompressSync`).',
      why:
        'Password hashing is slow on purpose: a bcrypt or PBKDF2 call with production settings takes tens to ' +
        'hundreds of milliseconds (generating an RSA key pair can take longer), and compressing a large body takes as long as the body is big. None of that ' +
        'time yields to the event loop, so a login endpoint under load serialises every other request behind its ' +
        'hashes, and latency grows with traffic.',
      fix:
        'Python: run the call in an executor. These functions release the GIL while they work, so ' +
        '`await asyncio.to_thread(bcrypt.hashpw, password, salt)` (or `anyio.to_thread.run_sync` / ' +
        '`trio.to_thread.run_sync`) runs them in parallel with the loop; for sustained heavy work, use a ' +
        '`ProcessPoolExecutor` through `loop.run_in_executor` so it cannot starve the worker threads. TypeScript and ' +
        'JavaScript: call the callback form, which runs on libuv\'s thread pool, through `promisify` from ' +
        '`node:util` (`await promisify(crypto.scrypt)(password, salt, 64)`, `await promisify(zlib.gzip)(body)`), ' +
        'stream large payloads through `zlib.createGzip()`, or move sustained work to a `worker_threads` worker.',
      examples: {
        python: {
          bad:
            'import bcrypt\n\nasync def register(db, email, password):\n' +
            '    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())\n    await db.create_user(email, hashed)',
          good:
            'import asyncio\n\nimport bcrypt\n\nasync def register(db, email, password):\n' +
            '    hashed = await asyncio.to_thread(bcrypt.hashpw, password.encode(), bcrypt.gensalt())\n' +
            '    await db.create_user(email, hashed)',
        },
        typescript: {
          bad:
            "import { randomBytes, scryptSync } from 'node:crypto';\n\n" +
            'export async function hashPassword(password: string) {\n  const salt = randomBytes(16);\n' +
            '  const key = scryptSync(password, salt, 64);\n' +
            "  return `${salt.toString('hex')}:${key.toString('hex')}`;\n}",
          good:
            "import { randomBytes, scrypt } from 'node:crypto';\nimport { promisify } from 'node:util';\n\n" +
            'const deriveKey = promisify(scrypt);\n\nexport async function hashPassword(password: string) {\n' +
            '  const salt = randomBytes(16);\n  const key = (await deriveKey(password, salt, 64)) as Buffer;\n' +
            "  return `${salt.toString('hex')}:${key.toString('hex')}`;\n}",
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all, in asyncio modules targeting Python 3.9 or later: the call becomes ' +
        '`await asyncio.to_thread(<function>, <same arguments>)`, importing asyncio when needed. Other tasks run ' +
        'while it works, which is the point, but a value it shares with them may change meanwhile. TypeScript and ' +
        'JavaScript findings get no fix: the callback form has to be promisified, and its result type differs.',
      notes:
        'The severity is information: for small inputs (a short string to compress, a test with a low work ' +
        'factor) the call is fast enough, and only the author knows the sizes. Incremental APIs (`zlib.compressobj`, ' +
        '`hashlib.sha256().update()`) and fast hashes are left alone, as are calls inside a nested `def` or ' +
        '`lambda` (such as one handed to `asyncio.to_thread`). TypeScript and JavaScript: `crypto` and `zlib` are ' +
        'recognised through `import` (with or without `node:`), named imports and `require`; streaming APIs ' +
        '(`createGzip()`), fast hashes (`createHash`) and calls in sync callbacks or sync functions are left alone. ' +
        'There is no peer code for this rule.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      if (importedCallee(node, context, (name) => CPU_HEAVY_CALLS.has(name)) === undefined) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(
        node,
        `'${callee}()' is CPU-heavy and holds the event loop while it runs; use '${THREAD_OFFLOAD[context.library]}' for ` +
          'moderate work or a process pool for heavy work',
        { fixes: toThreadFixes(node, context) },
      );
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      if (!context.inAsyncContext) return;
      const call = node as ts.CallExpression;
      const name = context.calleeName(call);
      const instead = name && NODE_CPU_HEAVY_CALLS.get(name);
      if (!instead) return;
      context.report(
        call,
        `${name}() is CPU-heavy and holds the event loop while it runs; use the callback form '${instead}' ` +
          'through promisify, or a worker thread for heavy work',
      );
    },
  },
};
