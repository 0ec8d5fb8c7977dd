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

// CPU-bound work holds the event loop for its whole run, however short each await around it is.
export const blockingCpuCall: Rule = {
  meta: {
    id: 'blocking-cpu-call',
    title: 'CPU-heavy call inside async code',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: [],
    checklist: 'executors-used-well',
    fixable: true,
    docs: {
      summary:
        'Finds well-known CPU-heavy calls in the body of an `async def`: password hashing and key derivation ' +
        '(`hashlib.pbkdf2_hmac`, `hashlib.scrypt`, `bcrypt.hashpw`, `bcrypt.checkpw`, `bcrypt.kdf`) and one-shot ' +
        'compression of a whole payload (`zlib`, `bz2`, `lzma` and `gzip` `compress()` / `decompress()`).',
      why:
        'Password hashing is slow on purpose: a bcrypt or PBKDF2 call with production settings takes tens to ' +
        'hundreds of milliseconds, and compressing a large body takes as long as the body is big. None of that ' +
        'time yields to the event loop, so a login endpoint under load serialises every other request behind its ' +
        'hashes, and latency grows with traffic.',
      fix:
        'Run the call in an executor. These functions release the GIL while they work, so ' +
        '`await asyncio.to_thread(bcrypt.hashpw, password, salt)` (or `anyio.to_thread.run_sync` / ' +
        '`trio.to_thread.run_sync`) runs them in parallel with the loop; for sustained heavy work, use a ' +
        '`ProcessPoolExecutor` through `loop.run_in_executor` so it cannot starve the worker threads.',
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
      },
      fixSafety:
        'Offered, but not applied by fix-all, in asyncio modules targeting Python 3.9 or later: the call becomes ' +
        '`await asyncio.to_thread(<function>, <same arguments>)`, importing asyncio when needed. Other tasks run ' +
        'while it works, which is the point, but a value it shares with them may change meanwhile.',
      notes:
        'The severity is information: for small inputs (a short string to compress, a test with a low work ' +
        'factor) the call is fast enough, and only the author knows the sizes. Incremental APIs (`zlib.compressobj`, ' +
        '`hashlib.sha256().update()`) and fast hashes are left alone, as are calls inside a nested `def` or ' +
        '`lambda` (such as one handed to `asyncio.to_thread`). There is no peer code for this rule.',
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
};
