// `concurrent.futures` pools and the calls that hand a function to a worker thread or process.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { positionalArguments } from '../../engine/python/syntax';
import { THREAD_OFFLOAD } from './offload';

export type ExecutorClass = 'ThreadPoolExecutor' | 'ProcessPoolExecutor';

const EXECUTOR_CLASSES: ReadonlyMap<string, ExecutorClass> = new Map([
  ['concurrent.futures.ThreadPoolExecutor', 'ThreadPoolExecutor'],
  ['concurrent.futures.thread.ThreadPoolExecutor', 'ThreadPoolExecutor'],
  ['concurrent.futures.ProcessPoolExecutor', 'ProcessPoolExecutor'],
  ['concurrent.futures.process.ProcessPoolExecutor', 'ProcessPoolExecutor'],
]);

/** The pool class a call instantiates, if it creates a `concurrent.futures` pool. */
export function executorClass(call: Node, context: PythonContext): ExecutorClass | undefined {
  const name = context.calleeName(call);
  return name === undefined ? undefined : EXECUTOR_CLASSES.get(name);
}

/** Calls that run a plain function in a worker thread or process, by qualified name: the function is their first argument. */
const OFFLOAD_CALLS: ReadonlySet<string> = new Set([...Object.values(THREAD_OFFLOAD), 'anyio.to_process.run_sync']);

/** `loop.run_in_executor(executor, func, *args)`, on whatever the loop is called. */
function isRunInExecutor(call: Node): boolean {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run_in_executor';
}

/**
 * The function a call hands to a worker (`f` in `asyncio.to_thread(f, x)` or
 * `loop.run_in_executor(None, f, x)`), when the call is one that does.
 */
export function offloadedFunction(call: Node, context: PythonContext): Node | undefined {
  if (isRunInExecutor(call)) return positionalArguments(call)[1];
  const name = context.calleeName(call);
  return name !== undefined && OFFLOAD_CALLS.has(name) ? positionalArguments(call)[0] : undefined;
}

/** True when the expression is the executor work is submitted to: `run_in_executor(pool, ...)` or `pool.submit(...)`. */
export function isSubmittedTo(expression: Node): boolean {
  const parent = expression.parent;
  const call = parent?.parent;
  if (parent?.type === 'argument_list' && call?.type === 'call' && isRunInExecutor(call)) {
    return positionalArguments(call)[0]?.equals(expression) ?? false;
  }
  return (
    parent?.type === 'attribute' &&
    (parent.childForFieldName('object')?.equals(expression) ?? false) &&
    parent.childForFieldName('attribute')?.text === 'submit' &&
    call?.type === 'call' &&
    (call.childForFieldName('function')?.equals(parent) ?? false)
  );
}
