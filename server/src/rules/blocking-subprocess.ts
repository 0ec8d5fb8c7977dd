import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { AsyncLibrary } from '../engine/python/imports';
import { isAwaited, keywordArgument } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee } from './support/instances';

/**
 * How a process call is replaced: `exec` runs a program from an argument list, `shell` runs a
 * command line through the shell, `wait` waits for a child started some other way.
 */
type ProcessCallKind = 'exec' | 'shell' | 'wait';

/** Node's synchronous `child_process` calls, mapped to what to use instead. */
const NODE_SYNC_PROCESS_CALLS: ReadonlyMap<string, string> = new Map([
  ['execSync', "'await promisify(execFile)(file, args)' from node:util (or promisified 'exec' for a shell command line)"],
  ['execFileSync', "'await promisify(execFile)(file, args)' from node:util"],
  ['spawnSync', "'spawn()' and await its 'close' event (or promisified 'execFile')"],
]);

const SPAWN_VARIANTS = ['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'];

const PROCESS_CALLS: ReadonlyMap<string, ProcessCallKind> = new Map([
  ...['run', 'call', 'check_call', 'check_output', 'Popen'].map((name) => [`subprocess.${name}`, 'exec'] as const),
  ['subprocess.getoutput', 'shell'],
  ['subprocess.getstatusoutput', 'shell'],
  ['os.system', 'shell'],
  ['os.popen', 'shell'],
  ...SPAWN_VARIANTS.map((variant) => [`os.spawn${variant}`, 'exec'] as const),
  ['os.posix_spawn', 'exec'],
  ['os.posix_spawnp', 'exec'],
  ...['wait', 'wait3', 'wait4', 'waitpid', 'waitid'].map((name) => [`os.${name}`, 'wait'] as const),
]);

const REPLACEMENTS: Readonly<Record<AsyncLibrary, Record<ProcessCallKind, string>>> = {
  asyncio: {
    exec: "'await asyncio.create_subprocess_exec(...)'",
    shell: "'await asyncio.create_subprocess_shell(...)'",
    wait: "'await proc.wait()' on a process from asyncio.create_subprocess_exec, or 'await asyncio.to_thread(...)'",
  },
  anyio: {
    exec: "'await anyio.run_process(...)' (or anyio.open_process to talk to it)",
    shell: "'await anyio.run_process(...)' with the command as a string",
    wait: "'await anyio.to_thread.run_sync(...)'",
  },
  trio: {
    exec: "'await trio.run_process(...)' (or 'nursery.start(trio.run_process, ...)' to talk to it)",
    shell: "'await trio.run_process(..., shell=True)'",
    wait: "'await trio.to_thread.run_sync(...)'",
  },
};

/** `waitpid(pid, os.WNOHANG)` and friends return at once instead of waiting. */
function isNonBlockingWait(call: Node): boolean {
  const options = call.childForFieldName('arguments')?.descendantsOfType('identifier') ?? [];
  return options.some((identifier) => identifier?.text === 'WNOHANG');
}

// Starting and waiting for processes with the sync APIs parks the event loop until they finish.
export const blockingSubprocess: Rule = {
  meta: {
    id: 'blocking-subprocess',
    title: 'Blocking process call inside async code',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC220', 'ASYNC221', 'ASYNC222'],
    checklist: 'no-blocking-processes',
    fixable: false,
    docs: {
      summary:
        'Finds synchronous process APIs in the body of an async function. Python: `subprocess.run()`, ' +
        '`check_output()`, `Popen()` and the rest of `subprocess`, `os.system()`, `os.popen()`, `os.spawn*()`, and ' +
        'the `os.wait*()` family. TypeScript and JavaScript: `child_process` `execSync()`, `execFileSync()` and ' +
        '`spawnSync()`.',
      why:
        '`subprocess.run()` and its relatives return only when the child exits, and a `Popen` object\'s pipes and ' +
        '`wait()` block the same way. While a build, a `git` command or an image converter runs, the event loop runs ' +
        'nothing else: a command that takes ten seconds freezes every connection the process serves for ten seconds. ' +
        'Node\'s `execSync()` family is the same: the whole process stops until the child exits.',
      fix:
        'Use the library\'s process API and await it: `await asyncio.create_subprocess_exec(...)` (or ' +
        '`create_subprocess_shell` for a command line) with `await proc.communicate()`, `await anyio.run_process(...)`, ' +
        'or `await trio.run_process(...)`. Waiting on a child started elsewhere can go through `asyncio.to_thread` or ' +
        '`to_thread.run_sync`. TypeScript and JavaScript: use the asynchronous `child_process` API: ' +
        '`await promisify(execFile)(file, args)` (with `promisify` from `node:util`), promisified `exec` for a ' +
        'shell command line, or `spawn()` and wait for its `close` event.',
      examples: {
        python: {
          bad:
            'import subprocess\n\nasync def render_thumbnail(source, target):\n' +
            '    subprocess.run(["convert", source, "-resize", "256x256", target], check=True)',
          good:
            'import asyncio\n\nasync def render_thumbnail(source, target):\n' +
            '    proc = await asyncio.create_subprocess_exec("convert", source, "-resize", "256x256", target)\n' +
            '    if await proc.wait() != 0:\n        raise RuntimeError(f"convert failed for {source}")',
        },
        typescript: {
          bad:
            "import { execFileSync } from 'node:child_process';\n\n" +
            'export async function currentCommit(repo: string) {\n' +
            "  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();\n}",
          good:
            "import { execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\n\n" +
            'const run = promisify(execFile);\n\nexport async function currentCommit(repo: string) {\n' +
            "  const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' });\n" +
            '  return stdout.trim();\n}',
        },
      },
      notes:
        'flake8-async splits these calls over ASYNC220 (starting a process), ASYNC221 (running one to completion) and ' +
        'ASYNC222 (waiting); this rule covers all three, and its message names the replacement for the module\'s ' +
        'library. `os.waitpid(pid, os.WNOHANG)` and other calls passing `WNOHANG` return at once and are left alone. ' +
        'Calls inside a nested `def` or `lambda` (such as one handed to `asyncio.to_thread`) are not reported. ' +
        'TypeScript and JavaScript: `child_process` is recognised through `import` (with or without the `node:` ' +
        'prefix), named imports and `require`; only calls made directly in an async function count, so build ' +
        'scripts and sync helpers that use `execSync` are left alone. There is no automatic fix: the async API ' +
        'returns output differently (an object with `stdout` and `stderr`, or a stream).',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      const name = importedCallee(node, context, (qualified) => PROCESS_CALLS.has(qualified));
      if (name === undefined) return;
      const kind = PROCESS_CALLS.get(name)!;
      if (kind === 'wait' && isNonBlockingWait(node)) return;
      // `subprocess.run(cmd, shell=True)` runs a command line, like os.system.
      const shell = kind === 'exec' && keywordArgument(node, 'shell')?.type === 'true' ? 'shell' : kind;
      const callee = node.childForFieldName('function')!.text;
      const blocks = kind === 'wait' ? 'waits for a child process' : 'is a synchronous process API';
      context.report(node, `'${callee}()' ${blocks} and blocks the event loop; use ${REPLACEMENTS[context.library][shell]}`);
    },
  },
  typescript: {
    [ts.SyntaxKind.CallExpression](node, context) {
      if (!context.inAsyncContext) return;
      const call = node as ts.CallExpression;
      const name = context.calleeName(call);
      if (!name?.startsWith('child_process.')) return;
      const method = name.slice('child_process.'.length);
      const instead = NODE_SYNC_PROCESS_CALLS.get(method);
      if (!instead) return;
      context.report(call, `child_process.${method}() blocks the event loop until the child exits; use ${instead} instead`);
    },
  },
};
