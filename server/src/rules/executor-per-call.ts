import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { enclosingLoop, namesRead, withTarget } from '../engine/python/syntax';
import { type ExecutorClass, executorClass, isSubmittedTo } from './support/executors';
import { THREAD_OFFLOAD } from './support/offload';

/** The name a new pool is bound to: `with Pool() as pool` or `pool = Pool()`; undefined when it is not kept in a local. */
function localName(creation: Node): string | undefined {
  const parent = creation.parent;
  if (parent?.type === 'as_pattern') return withTarget(creation);
  const assigned = parent?.type === 'assignment' && (parent.childForFieldName('right')?.equals(creation) ?? false);
  const target = assigned ? parent.childForFieldName('left') : null;
  return target?.type === 'identifier' ? target.text : undefined;
}

/**
 * True when the new pool runs exactly one piece of work: it is created right inside the
 * `run_in_executor(...)` call, or its local name is used once, to submit work, outside any loop
 * the creation is not also in. Pools stored on an object, registered as the default executor
 * or used for a batch serve more than one call.
 */
function servesOneCall(creation: Node, body: Node): boolean {
  if (isSubmittedTo(creation)) return true;
  const name = localName(creation);
  if (name === undefined) return false;
  const uses = namesRead(body).filter((read) => read.text === name && read.startIndex >= creation.endIndex);
  if (uses.length !== 1 || !isSubmittedTo(uses[0])) return false;
  const creationLoop = enclosingLoop(creation);
  const useLoop = enclosingLoop(uses[0]);
  return creationLoop === undefined ? useLoop === undefined : (useLoop?.equals(creationLoop) ?? false);
}

function threadAlternative(context: PythonContext): string {
  if (context.library !== 'asyncio' || context.atLeast(3, 9)) return `${THREAD_OFFLOAD[context.library]}()`;
  return 'loop.run_in_executor(None, ...), which uses the loop\'s default pool,';
}

function message(pool: ExecutorClass, context: PythonContext): string {
  if (pool === 'ProcessPoolExecutor') {
    return (
      'A new ProcessPoolExecutor is started for this one call, paying for fresh worker processes every time; ' +
      'create one pool at start-up and reuse it'
    );
  }
  return (
    'A new ThreadPoolExecutor is started for this one call, paying for a fresh thread every time; ' +
    `use ${threadAlternative(context)} or one pool created at start-up`
  );
}

// A pool is meant to outlive the work it runs; one per call pays start-up and shutdown on every request.
export const executorPerCall: Rule = {
  meta: {
    id: 'executor-per-call',
    title: 'Executor created for a single call',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: [],
    checklist: 'executors-shared',
    fixable: false,
    docs: {
      summary:
        'Finds a `ThreadPoolExecutor` or `ProcessPoolExecutor` created inside an `async def` only to run one ' +
        'call: `with ThreadPoolExecutor() as pool: await loop.run_in_executor(pool, work)`.',
      why:
        'Every call starts a new pool: a new thread, or for a process pool new worker processes (under the ' +
        '`spawn` and `forkserver` start methods, fresh interpreters that import your modules again), which can ' +
        'take longer than the work itself. Leaving the `with` block calls ' +
        '`shutdown(wait=True)`, which joins the workers on the event loop\'s thread: if the awaited call was ' +
        'cancelled or timed out while the work was still running, the whole event loop stops until it finishes. ' +
        'A pool created without `with` is never shut down: its idle workers linger until it is garbage-collected. Under load, ' +
        'nothing bounds how many of these pools exist at once.',
      fix:
        'For blocking I/O, run the function with `asyncio.to_thread()` (Python 3.9+; `anyio.to_thread.run_sync()` ' +
        'or `trio.to_thread.run_sync()` in those libraries), which uses a shared, bounded pool. For CPU-bound ' +
        'work, create one `ProcessPoolExecutor` when the application starts (in `main()` or a lifespan handler), ' +
        'pass it to `loop.run_in_executor()`, and shut it down when the application stops.',
      examples: {
        python: {
          bad:
            'import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n\nasync def thumbnail(image_bytes):\n    loop = asyncio.get_running_loop()\n' +
            '    with ThreadPoolExecutor() as pool:\n        return await loop.run_in_executor(pool, render_thumbnail, image_bytes)',
          good: 'import asyncio\n\nasync def thumbnail(image_bytes):\n    return await asyncio.to_thread(render_thumbnail, image_bytes)',
        },
      },
      notes:
        'A pool is reported only when it runs exactly one piece of work: created inline as the ' +
        '`run_in_executor` argument, or bound to a local name that is used once, to submit work, and not in a ' +
        'loop. A pool used for a batch (several submissions, a loop or comprehension of `run_in_executor` calls, ' +
        '`pool.map`) is amortised over the batch and left alone, as is a pool stored on an object ' +
        '(`self._pool = ...`), passed to `loop.set_default_executor()`, or created in a plain `def`.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext) return;
      const pool = executorClass(node, context);
      const body = context.currentFunction!.node.childForFieldName('body');
      if (!pool || !body || !servesOneCall(node, body)) return;
      context.report(node, message(pool, context));
    },
  },
};
