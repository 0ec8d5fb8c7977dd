import { isAsyncFunction } from '../engine/python/symbols';
import type { Rule } from '../engine/rule';
import { checkpointFlow } from './support/checkpoint-flow';
import { checkpointBeforeFix, checkpointHint, statementsOf } from './support/checkpoint-fixes';

// An endless loop that can go round without a checkpoint can spin forever: cancellation and
// timeouts never get in, and in a single-threaded event loop nothing else runs either.
export const loopWithoutCheckpoint: Rule = {
  meta: {
    id: 'loop-without-checkpoint',
    title: 'Endless loop with a round that never checkpoints',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: false,
    aliases: ['ASYNC913'],
    checklist: 'checkpoints-guaranteed',
    fixable: true,
    docs: {
      summary:
        'Finds `while True:` loops (or any other always-true literal, such as `while 1:`) with no `break`, in async ' +
        'functions, where some path through the body goes round without a checkpoint: no `await`, `async for`, ' +
        '`async with` or `yield` on it.',
      why:
        'Such a loop only ends by an exception, and the one that should end it, a cancellation or a timeout, is only ' +
        'delivered at a checkpoint. On a round that skips them all the loop keeps the thread: other tasks never run, ' +
        'a `fail_after()` around it never fires, and shutting the program down hangs.',
      fix:
        'Await something on every round, typically at the top of the body: ' +
        '`await trio.lowlevel.checkpoint()` (`await anyio.lowlevel.checkpoint()`, in asyncio `await asyncio.sleep(0)`), ' +
        'or restructure so that the branch which does not wait waits too.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def drain(queue, handle):\n    while True:\n        item = queue.pop_nowait()\n' +
            '        if item is not None:\n            await handle(item)',
          good:
            'import trio\n\nasync def drain(queue, handle):\n    while True:\n        await trio.lowlevel.checkpoint()\n' +
            '        item = queue.pop_nowait()\n        if item is not None:\n            await handle(item)',
        },
      },
      fixSafety:
        'Safe, in trio and AnyIO code: it inserts `await trio.lowlevel.checkpoint()` (or AnyIO\'s) as the first statement ' +
        'of the loop body, joined with `;` when the body shares the `while` line, and adds `import trio` / `import anyio` ' +
        'when the module lacks it. A checkpoint at the top only adds a chance for other tasks to run and for ' +
        'cancellation to land. No fix in asyncio code, which has no checkpoint call.',
      notes:
        'Off by default, as in flake8-async. Loops with a `break` are left to `missing-checkpoint` and ' +
        '`cancel-scope-no-checkpoint`, which check the paths leaving them. A round that ends in `return` still counts ' +
        'as going round, as in flake8-async. A task group\'s `async with` is only a cancel point when a task is ' +
        'started in it (`start_soon()`, or `create_task()` on an asyncio `TaskGroup`, which flake8-async treats as ' +
        'always checkpointing). Unlike flake8-async, loops are checked in every async function, including fixtures ' +
        'and context managers that `missing-checkpoint` exempts. Asyncio code is checked as flake8-async does, ' +
        'without a fix.',
    },
  },
  python: {
    function_definition(node, context) {
      if (!isAsyncFunction(node)) return;
      for (const loop of checkpointFlow(node, context).loops) {
        const body = loop.childForFieldName('body');
        const first = body ? statementsOf(body)[0] : undefined;
        context.report(
          loop.children[0] ?? loop,
          `This endless loop can go round without a checkpoint, so cancellation and timeouts never get in; await on every round, for instance \`${checkpointHint(context)}\` at its top`,
          { fixes: first ? checkpointBeforeFix(first, context) : [] },
        );
      }
    },
  },
};
