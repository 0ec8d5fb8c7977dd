import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee, methodCall } from './support/instances';
import { toThreadFixes } from './support/offload';
import { isPathOrigin } from './support/pathlib';
import { syncFsCall } from './support/node-fs';

/**
 * `os` and `os.path` functions that ask or change the file system, mapped to whether running
 * them in `to_thread` does the whole job. Lazy iterators (`os.walk`, `os.scandir`) do their
 * I/O while being iterated, after `to_thread` would already have returned.
 */
const OS_FILESYSTEM_CALLS: ReadonlyMap<string, boolean> = new Map([
  ...[
    'exists',
    'lexists',
    'isfile',
    'isdir',
    'islink',
    'ismount',
    'isjunction',
    'getsize',
    'getmtime',
    'getatime',
    'getctime',
    'samefile',
    'sameopenfile',
    'realpath',
  ].map((name) => [`os.path.${name}`, true] as const),
  ...['stat', 'lstat', 'listdir', 'mkdir', 'makedirs', 'remove', 'unlink', 'rmdir', 'rename', 'replace'].map(
    (name) => [`os.${name}`, true] as const,
  ),
  ['os.scandir', false],
  ['os.walk', false],
]);

/** `pathlib.Path` methods that ask or change the file system, with the same meaning as above. */
const PATH_FILESYSTEM_METHODS: ReadonlyMap<string, boolean> = new Map([
  ...[
    'exists',
    'is_file',
    'is_dir',
    'is_symlink',
    'is_mount',
    'is_junction',
    'is_socket',
    'is_fifo',
    'is_block_device',
    'is_char_device',
    'stat',
    'lstat',
    'owner',
    'group',
    'samefile',
    'resolve',
    'readlink',
    'touch',
    'mkdir',
    'unlink',
    'rmdir',
    'rename',
    'replace',
    'chmod',
    'symlink_to',
    'hardlink_to',
  ].map((name) => [name, true] as const),
  ...['iterdir', 'glob', 'rglob', 'walk'].map((name) => [name, false] as const),
]);

/**
 * Synchronous `fs` queries about a path or descriptor, mapped to the `fs.promises` function
 * that takes the same arguments, or undefined when there is none (`existsSync` has no promise
 * form, and `fstatSync` takes a descriptor).
 */
const SYNC_QUERY_CALLS: ReadonlyMap<string, string | undefined> = new Map([
  ['existsSync', undefined],
  ['statSync', 'stat'],
  ['lstatSync', 'lstat'],
  ['accessSync', 'access'],
  ['realpathSync', 'realpath'],
  ['fstatSync', undefined],
]);

const QUERY_HINTS: Readonly<Record<string, string>> = {
  existsSync: "'await fs.promises.access(path)' in a try/catch (or 'fs.promises.stat')",
  fstatSync: "'await handle.stat()' on an fs.promises FileHandle",
};

const INSTEAD: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: "'await asyncio.to_thread(...)' or anyio.Path",
  anyio: 'anyio.Path and await it (or anyio.to_thread.run_sync)',
  trio: 'trio.Path and await it (or trio.to_thread.run_sync)',
};

/** Whether the call touches the file system, and if so whether `to_thread` can wrap it; undefined when it does not. */
function filesystemCall(call: Node, context: PythonContext): boolean | undefined {
  const name = importedCallee(call, context, (qualified) => OS_FILESYSTEM_CALLS.has(qualified));
  if (name !== undefined) return OS_FILESYSTEM_CALLS.get(name);
  const method = methodCall(call, context);
  if (!method || !PATH_FILESYSTEM_METHODS.has(method.method) || !isPathOrigin(method.origin)) return undefined;
  // `root.resolve().is_dir()` is one expression: the finding on its inner call stands for it.
  if (method.receiver.type === 'call' && filesystemCall(method.receiver, context) !== undefined) return undefined;
  return PATH_FILESYSTEM_METHODS.get(method.method);
}

// Each stat or directory listing is a system call that can stall on a slow or network disk.
export const blockingOsPath: Rule = {
  meta: {
    id: 'blocking-os-path',
    title: 'Blocking file-system query inside async code',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC240', 'ASYNC233'],
    checklist: 'no-blocking-io',
    fixable: true,
    docs: {
      summary:
        'Finds file-system calls in the body of an async function. Python: `os.path` queries (`exists`, `isfile`, ' +
        '`getsize`, `realpath`...), `os.stat()`, `os.listdir()`, `os.scandir()`, `os.walk()`, `os.makedirs()`, ' +
        '`os.remove()`..., and the same operations on a known `pathlib.Path` (`exists()`, `is_dir()`, `stat()`, ' +
        '`iterdir()`, `glob()`, `resolve()`, `mkdir()`, `unlink()`...). TypeScript and JavaScript: the `fs` queries ' +
        '`existsSync`, `statSync`, `lstatSync`, `accessSync`, `realpathSync` and `fstatSync`.',
      why:
        'Each of these is a system call the event loop thread waits for. On a local SSD with a warm cache that is ' +
        'microseconds, but on a network share, a busy disk or a large directory tree (`os.walk`, `rglob`) it is ' +
        'milliseconds to seconds, during which no other task runs (in Node, no other request, timer or socket ' +
        'callback either). The cost is invisible in development and shows up as latency spikes in production.',
      fix:
        'Python: use `anyio.Path` or `trio.Path`, whose methods are awaited and run in a worker thread, or wrap the call: ' +
        '`await asyncio.to_thread(os.path.exists, path)`. Walk a directory tree entirely in the thread ' +
        '(`await asyncio.to_thread(lambda: list(root.rglob("*.json")))`), not one step at a time. TypeScript and ' +
        'JavaScript: await the promise API with the same arguments (`await fs.promises.stat(path)`, or `stat` from ' +
        '`node:fs/promises`). There is no promise `exists`: call `await fs.promises.access(path)` and treat a ' +
        'rejection as "missing", or better, just open or read the file and handle `ENOENT`, which also avoids a ' +
        'check-then-use race.',
      examples: {
        python: {
          bad:
            'import os\n\nasync def cached_report(path):\n    if os.path.exists(path):\n' +
            '        return await load_report(path)\n    return None',
          good:
            'import asyncio\nimport os\n\nasync def cached_report(path):\n' +
            '    if await asyncio.to_thread(os.path.exists, path):\n        return await load_report(path)\n    return None',
        },
        typescript: {
          bad:
            "import { statSync } from 'node:fs';\n\nexport async function sizeOf(file: string) {\n" +
            '  const info = statSync(file);\n  return info.size;\n}',
          good:
            "import { stat } from 'node:fs/promises';\n\nexport async function sizeOf(file: string) {\n" +
            '  const info = await stat(file);\n  return info.size;\n}',
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all, in asyncio modules targeting Python 3.9 or later: `os.path.exists(p)` ' +
        'becomes `await asyncio.to_thread(os.path.exists, p)` (and `path.stat()` becomes ' +
        '`await asyncio.to_thread(path.stat)`), importing asyncio when needed. Other tasks run while the call is in ' +
        'progress, so check code that assumed the file system could not change in between. Lazy iterators ' +
        '(`os.walk`, `os.scandir`, `iterdir`, `glob`, `rglob`, `walk`) get no fix: they do their I/O while being ' +
        'iterated, after `to_thread` would have returned. TypeScript and JavaScript: `X.statSync(...)` becomes ' +
        '`await X.promises.stat(...)` with the same arguments (likewise `lstatSync`, `accessSync`, `realpathSync`) ' +
        'when the call is written as a member of the `fs` module; `existsSync` (no promise form; its replacement ' +
        'rejects instead of returning false) and `fstatSync` (takes a descriptor) get no fix.',
      notes:
        'String functions of `os.path` (`join`, `basename`, `dirname`, `splitext`, `normpath`, `abspath`, ' +
        '`relpath`) never touch the disk and are left alone; flake8-async\'s ASYNC240 also reports `normpath` and ' +
        '`relpath`. A path method counts only when the receiver is known to be a `pathlib.Path`: a `Path(...)` call, ' +
        'a name assigned from one in the same function, a parameter annotated `Path`, or a path derived from those by ' +
        '`/`, `.parent`, `.with_suffix()`...; `anyio.Path`, `trio.Path` and pure paths are never reported. Reading ' +
        'and writing file contents (`open`, `read_text`...) belongs to `blocking-file-io`. Calls inside a nested ' +
        '`def` or `lambda` (such as one handed to `asyncio.to_thread`) are not reported. The severity is a warning: ' +
        'a single `stat` is usually fast, but it is never guaranteed to be. TypeScript and JavaScript: `fs` is ' +
        'recognised through `import`, `require` and named imports, with `fs-extra` and `graceful-fs` treated as ' +
        '`fs`; only calls made directly in an async function count, not those in a sync callback inside it; ' +
        'reading and writing contents (`readFileSync`...) belongs to `blocking-file-io`.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      const wrappable = filesystemCall(node, context);
      if (wrappable === undefined) return;
      const callee = node.childForFieldName('function')!.text;
      context.report(node, `'${callee}()' waits for the file system on the event loop thread; use ${INSTEAD[context.library]}`, {
        fixes: wrappable ? toThreadFixes(node, context) : [],
      });
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const found = syncFsCall(node, context, SYNC_QUERY_CALLS);
      if (!found) return;
      const { method, replacement, fixes } = found;
      const hint = replacement ? `'await fs.promises.${replacement}()'` : QUERY_HINTS[method];
      context.report(node, `fs.${method}() waits for the file system on the event loop thread; use ${hint} instead`, {
        fixes,
      });
    },
  },
};
