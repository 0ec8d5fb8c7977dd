import ts from 'typescript';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';

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

// Sync fs calls hold the only JavaScript thread; every request in flight waits on the disk.
export const blockingFileIo: Rule = {
  meta: {
    id: 'blocking-file-io',
    title: 'Blocking file I/O inside async code',
    languages: ['typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'no-blocking-calls',
    fixable: true,
    docs: {
      summary: 'Finds synchronous `fs` calls (`readFileSync`, `writeFileSync`, `readdirSync`...) inside async functions.',
      why:
        'Node.js runs all JavaScript on one thread. A `*Sync` file call parks that thread until the disk answers, ' +
        'so every other request, timer and socket waits too: on a slow or network file system a single call can ' +
        'freeze a server for seconds. An async function is a strong sign the code runs among other concurrent work.',
      fix:
        'Use the promise API and await it: `await fs.promises.readFile(path)`, or import from `node:fs/promises`. ' +
        'Keep sync calls for start-up code and CLI scripts that do nothing else meanwhile.',
      examples: {
        typescript: {
          bad: "import fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  const raw = fs.readFileSync(path, 'utf8');\n  return JSON.parse(raw);\n}",
          good: "import fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  const raw = await fs.promises.readFile(path, 'utf8');\n  return JSON.parse(raw);\n}",
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all: `X.readFileSync(...)` becomes `await X.promises.readFile(...)` with the ' +
        'same arguments, which lets other tasks run while the file is read, and code that relied on nothing ' +
        'changing in between may need a look. Descriptor-based calls (`openSync`, `readSync`...) have no ' +
        'drop-in equivalent, so they get no fix.',
      notes:
        'Only calls made directly in an async function count; a sync callback inside it (a `.map` callback, a ' +
        'worker entry point) is left alone. `fs-extra` and `graceful-fs` are treated as `fs`.',
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      if (!context.inAsyncContext) return;
      const call = node as ts.CallExpression;
      const name = context.calleeName(call);
      if (!name?.startsWith('fs.')) return;
      const method = name.slice(3);
      if (!SYNC_FILE_CALLS.has(method)) return;
      const replacement = SYNC_FILE_CALLS.get(method);
      const fixes: Fix[] = [];
      const callee = call.expression;
      if (replacement && ts.isPropertyAccessExpression(callee)) {
        const receiver = callee.expression.getText(context.sourceFile);
        fixes.push({
          title: `Use 'await ${receiver}.promises.${replacement}(...)'`,
          safe: false,
          edits: context.awaitCallEdits(call, { node: callee, text: `${receiver}.promises.${replacement}` }),
        });
      }
      const hint = replacement ? `await fs.promises.${replacement}()` : 'the fs.promises FileHandle API';
      context.report(call, `fs.${method}() blocks the event loop inside an async function; use ${hint}`, { fixes });
    },
  },
};
