import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { type InstanceOrigin, importedCallee, methodCall } from './support/instances';
import { isPathOrigin } from './support/pathlib';
import { toThreadFixes } from './support/offload';
import { syncFsCall } from './support/node-fs';

/**
 * Synchronous `fs` calls that read or write file contents or directories, mapped to their
 * `fs.promises` equivalent when it takes the same arguments (and undefined when it does
 * not, as for descriptor-based calls).
 */
const SYNC_FILE_CALLS: ReadonlyMap<string, string | undefined> = new Map([
  ['readFileSync', 'readFile'],
  ['writeFileSync', 'writeFile'],
  ['appendFileSync', 'appendFile'],
  ['readdirSync', 'readdir'],
  ['mkdirSync', 'mkdir'],
  ['mkdtempSync', 'mkdtemp'],
  ['rmSync', 'rm'],
  ['rmdirSync', 'rmdir'],
  ['unlinkSync', 'unlink'],
  ['renameSync', 'rename'],
  ['copyFileSync', 'copyFile'],
  ['cpSync', 'cp'],
  ['truncateSync', 'truncate'],
  ['readlinkSync', 'readlink'],
  ['symlinkSync', 'symlink'],
  ['linkSync', 'link'],
  ['chmodSync', 'chmod'],
  ['chownSync', 'chown'],
  ['utimesSync', 'utimes'],
  ['opendirSync', 'opendir'],
  ['openSync', undefined],
  ['closeSync', undefined],
  ['readSync', undefined],
  ['writeSync', undefined],
  ['fsyncSync', undefined],
  ['ftruncateSync', undefined],
]);

/** Python calls that open a regular file and return a blocking file object. */
const PYTHON_FILE_OPENERS = new Set(['builtins.open', 'io.open', 'io.open_code', 'os.fdopen', 'codecs.open']);

/** Methods of a file object that go to the disk (`tell` too: a text file flushes first). */
const FILE_OBJECT_METHODS = new Set([
  'read',
  'read1',
  'readinto',
  'readline',
  'readlines',
  'write',
  'writelines',
  'seek',
  'tell',
  'flush',
  'truncate',
  'close',
]);

/** `pathlib.Path` methods that read or write a whole file in one call (so `to_thread` can take them whole). */
const PATH_WHOLE_FILE_METHODS = new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes']);

const OPEN_INSTEAD: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: "'aiofiles.open(...)', 'await anyio.open_file(...)' or 'asyncio.to_thread'",
  anyio: "'await anyio.open_file(...)' (or anyio.wrap_file for an existing file)",
  trio: "'await trio.open_file(...)' (or trio.wrap_file for an existing file)",
};

const FILE_OBJECT_INSTEAD: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: "an async file from aiofiles or anyio.open_file, or 'asyncio.to_thread'",
  anyio: 'the async file from anyio.open_file or anyio.wrap_file',
  trio: 'the async file from trio.open_file or trio.wrap_file',
};

const PATH_INSTEAD: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: "'await asyncio.to_thread(...)' or anyio.Path",
  anyio: 'anyio.Path and await it',
  trio: 'trio.Path and await it',
};

/** Calls that turn a blocking file object into an async one (the library's own advice for existing files). */
const FILE_WRAPPERS = new Set(['anyio.wrap_file', 'trio.wrap_file']);

/** `anyio.wrap_file(open(p))`: the open is the wrapper's argument, and only the reads would block. */
function isWrapped(call: Node, context: PythonContext): boolean {
  const list = call.parent;
  const wrapper = list?.type === 'argument_list' ? list.parent : null;
  return wrapper?.type === 'call' && FILE_WRAPPERS.has(context.calleeName(wrapper) ?? '');
}

/** A file object from `open()` and friends, or from `Path.open()`. */
function isFileObject(origin: InstanceOrigin | undefined): boolean {
  if (!origin) return false;
  if (origin.chain.length === 0) return PYTHON_FILE_OPENERS.has(origin.factory);
  const opened = { factory: origin.factory, chain: origin.chain.slice(0, -1) };
  return origin.chain[origin.chain.length - 1] === 'open' && isPathOrigin(opened);
}

/** `open(p)` and friends, or `path.open()`, unless handed straight to a wrapper. */
function opensFile(call: Node, context: PythonContext): boolean {
  const opener = importedCallee(call, context, (name) => PYTHON_FILE_OPENERS.has(name)) !== undefined;
  const method = opener ? undefined : methodCall(call, context);
  const pathOpen = method?.method === 'open' && isPathOrigin(method.origin);
  return (opener || pathOpen) && !isWrapped(call, context);
}

function reportPythonFileCall(call: Node, context: PythonContext): void {
  const callee = call.childForFieldName('function')!.text;
  const library = context.library;
  if (opensFile(call, context)) {
    context.report(call, `'${callee}()' opens a file on the event loop thread, and its reads and writes block too; use ${OPEN_INSTEAD[library]}`);
    return;
  }
  const method = methodCall(call, context);
  if (!method) return;
  // `open(p).read()`: the file is made inline, and the finding on the opening call covers the statement.
  if (FILE_OBJECT_METHODS.has(method.method) && method.receiver.type !== 'call' && isFileObject(method.origin)) {
    context.report(call, `'${callee}()' is blocking I/O on a regular file; use ${FILE_OBJECT_INSTEAD[library]}`);
  } else if (PATH_WHOLE_FILE_METHODS.has(method.method) && isPathOrigin(method.origin)) {
    context.report(call, `'${callee}()' does file I/O on the event loop thread; use ${PATH_INSTEAD[library]}`, {
      fixes: toThreadFixes(call, context),
    });
  }
}

// Sync file calls hold the thread that runs every other task; each request in flight waits on the disk.
export const blockingFileIo: Rule = {
  meta: {
    id: 'blocking-file-io',
    title: 'Blocking file I/O inside async code',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC230', 'ASYNC231', 'ASYNC232', 'ASYNC233'],
    checklist: 'no-blocking-io',
    fixable: true,
    docs: {
      summary:
        'Finds synchronous file I/O inside async functions: in Python, `open()` (and `io.open`, `os.fdopen`, ' +
        '`codecs.open`), reads and writes on the file objects they return, and `pathlib.Path` `read_text()` / ' +
        '`write_bytes()` / `open()`...; in TypeScript and JavaScript, `fs` `*Sync` calls (`readFileSync`, ' +
        '`writeFileSync`, `readdirSync`...).',
      why:
        'An event loop runs every task on one thread. A synchronous file call parks that thread until the disk ' +
        'answers, so every other request, timer and socket waits too: on a slow disk or a network file system a ' +
        'single read can freeze a server for seconds. An async function is a strong sign the code runs among other ' +
        'concurrent work.',
      fix:
        'Python: open the file with `await anyio.open_file(...)`, `await trio.open_file(...)` or aiofiles, use ' +
        '`anyio.Path` / `trio.Path`, or move the whole read or write into a worker thread with ' +
        '`await asyncio.to_thread(path.read_text)`. TypeScript and JavaScript: use the promise API and await it: ' +
        '`await fs.promises.readFile(path)`, or import from `node:fs/promises`. Keep sync calls for start-up code ' +
        'and scripts that do nothing else meanwhile.',
      examples: {
        python: {
          bad:
            'import json\n\nasync def load_settings(path):\n    with open(path) as f:\n        return json.load(f)',
          good:
            'import json\n\nimport aiofiles\n\nasync def load_settings(path):\n' +
            '    async with aiofiles.open(path) as f:\n        return json.loads(await f.read())',
        },
        typescript: {
          bad: "import fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  const raw = fs.readFileSync(path, 'utf8');\n  return JSON.parse(raw);\n}",
          good: "import fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  const raw = await fs.promises.readFile(path, 'utf8');\n  return JSON.parse(raw);\n}",
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all, since other tasks now run while the file is read and code that relied ' +
        'on nothing changing in between may need a look. TypeScript and JavaScript: `X.readFileSync(...)` becomes ' +
        '`await X.promises.readFile(...)` with the same arguments; descriptor-based calls (`openSync`, `readSync`...) ' +
        'have no drop-in equivalent, so they get no fix. Python: in asyncio modules targeting Python 3.9 or later, ' +
        '`path.read_text(...)` (and `read_bytes`, `write_text`, `write_bytes`) becomes ' +
        '`await asyncio.to_thread(path.read_text, ...)`; `open()` and file-object calls get no fix, because the file ' +
        'is used across several statements.',
      notes:
        'Only calls made directly in an async function count; a sync callback or nested function inside it (a ' +
        '`.map` callback, a helper handed to `asyncio.to_thread`, a `lambda`) is left alone. Python: a file-object ' +
        'method counts only when the receiver is bound in the same function by `with open(...) as f` or ' +
        '`f = open(...)` (or stored on `self` by the same class), and a path method only when the receiver is known ' +
        'to be a `pathlib.Path`: a `Path(...)` call, a name assigned from one, a parameter annotated `Path`, or a ' +
        'path derived from those by `/`, `.parent`, `.with_suffix()`... `anyio.Path`, `trio.Path` and pure paths ' +
        'are never reported, and neither is an `open()` handed straight to `anyio.wrap_file()` / `trio.wrap_file()`, ' +
        'which is how those libraries adopt a file (as flake8-async does). ' +
        'TypeScript and JavaScript: `fs-extra` and `graceful-fs` are treated as `fs`.',
    },
  },
  python: {
    call(node, context) {
      if (context.inAsyncContext && !isAwaited(node)) reportPythonFileCall(node, context);
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      const found = syncFsCall(node, context, SYNC_FILE_CALLS);
      if (!found) return;
      const { method, replacement, fixes } = found;
      const hint = replacement ? `await fs.promises.${replacement}()` : 'the fs.promises FileHandle API';
      context.report(node, `fs.${method}() blocks the event loop inside an async function; use ${hint}`, { fixes });
    },
  },
};
