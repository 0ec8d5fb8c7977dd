import { isAsyncFunction } from '../engine/python/symbols';
import type { Rule } from '../engine/rule';
import { checkpointFlow } from './support/checkpoint-flow';

// A deadline is only checked at checkpoints: a path through its scope that skips them all
// runs to the end however late it is.
export const cancelScopeNoCheckpoint: Rule = {
  meta: {
    id: 'cancel-scope-no-checkpoint',
    title: 'Timeout scope with a path that never checkpoints',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: false,
    aliases: ['ASYNC912'],
    checklist: 'timeouts-effective',
    fixable: false,
    docs: {
      summary:
        'Finds timeout and cancel scopes (`fail_after()`, `move_on_after()`, `CancelScope()`, trio\'s `fail_at()` and ' +
        '`move_on_at()`, `asyncio.timeout()`...) whose body checkpoints on some paths but not on all: the awaits sit in ' +
        'an `if`, a loop that may not run, or a `try` whose `except` swallows what the await raised before checkpointing.',
      why:
        'A deadline takes effect only at a checkpoint inside the scope. On a path that skips every `await`, the scope ' +
        'cannot cancel anything, so the timeout silently does not apply there, however long the synchronous work on ' +
        'that path takes. Such code looks bounded and is not, which usually shows up only under load.',
      fix:
        'Make every path through the scope checkpoint: move the await out of the branch, give the other branch one, ' +
        'or, when the unchecked path is cheap and the scope is not needed there, narrow the scope to the branch that ' +
        'awaits.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def refresh(cache, client):\n    with trio.move_on_after(5):\n        if cache.stale():\n' +
            '            cache.update(await client.fetch())\n        cache.compact()',
          good:
            'import trio\n\nasync def refresh(cache, client):\n    if cache.stale():\n        with trio.move_on_after(5):\n' +
            '            cache.update(await client.fetch())\n    cache.compact()',
        },
      },
      notes:
        'Off by default, as in flake8-async. A scope with no checkpoint at all is `timeout-without-await`\'s finding ' +
        '(ASYNC100) and is not reported twice; a scope whose awaits all sit where no path is sure to reach them (the ' +
        'element of a comprehension that may not iterate, a generator expression) is reported by neither, where ' +
        'flake8-async calls it ASYNC100. A `yield` counts as a checkpoint, since the code it yields to may await. ' +
        'Paths are followed to the end of the scope\'s block: as in flake8-async, the check carries on past a ' +
        '`return` with the statements after it, so an early `return` that skips every await is reported only when ' +
        'what follows it in the block skips them too, and a path leaving by `break` or `continue` is not checked. A ' +
        'scope whose block never ends, such as one around an endless loop, is left to `loop-without-checkpoint`. ' +
        'Unlike flake8-async, scopes are checked in every async function, including fixtures and context managers ' +
        'that `missing-checkpoint` exempts, and an asyncio `TaskGroup` only checkpoints on leaving when ' +
        '`create_task()` is called on it, as trio\'s and AnyIO\'s do with `start_soon()`.',
    },
  },
  python: {
    function_definition(node, context) {
      if (!isAsyncFunction(node)) return;
      for (const manager of checkpointFlow(node, context).scopes) {
        context.report(
          manager,
          `Some path through this \`${context.calleeName(manager)}()\` scope runs none of its awaits, so the deadline cannot cancel anything there; make every path through it checkpoint`,
        );
      }
    },
  },
};
