import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { checkpointText, regionText, unshieldedCleanupCheckpoint } from './support/cleanup';

function check(node: Node, context: PythonContext): void {
  const found = unshieldedCleanupCheckpoint(node, context);
  if (!found || found.region.kind === 'handler') return;
  const { site, region } = found;
  context.report(
    site,
    `${checkpointText(site)} in ${regionText(region)} raises the cancellation again at once if the task is being cancelled, ` +
      `so this cleanup is skipped; run it under \`with ${context.library}.move_on_after(<seconds>, shield=True):\``,
  );
}

// In trio and AnyIO a cancelled scope stays cancelled: every checkpoint in it raises again, and
// cleanup code reached because of the cancellation is cancelled too unless it is shielded.
export const unshieldedAwaitInFinally: Rule = {
  meta: {
    id: 'unshielded-await-in-finally',
    title: 'Unshielded await in cleanup code',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC102'],
    checklist: 'cleanup-shielded',
    fixable: false,
    docs: {
      summary:
        'Finds checkpoints (`await`, `async for`, `async with`) in trio and AnyIO code that runs while the task may be ' +
        'cancelled: a `finally` block, an `except` that catches cancellation (`trio.Cancelled`, ' +
        '`anyio.get_cancelled_exc_class()`, `BaseException` or a bare `except:`) and `async def __aexit__`, when no ' +
        'shielded cancel scope is entered around them there.',
      why:
        'trio and AnyIO cancel level-triggered: once a cancel scope is cancelled, every checkpoint inside it raises the ' +
        'cancellation again, not only the first. Cleanup that runs because the task was cancelled (a `finally` after ' +
        'a timeout, a handler of the cancellation, `__aexit__` of a cancelled block) is therefore cancelled at its ' +
        'first await: the goodbye is never sent, the transaction never rolled back, the lock on the server never ' +
        'released, and nothing reports it.',
      fix:
        'Run the cleanup in a shielded scope with a deadline, so outer cancellation cannot interrupt it and a stuck ' +
        'peer cannot hang it: `with trio.move_on_after(5, shield=True):` (trio 0.27 and later; before that, ' +
        '`with trio.CancelScope(shield=True) as cs:` with `cs.deadline` set) or `with anyio.move_on_after(5, ' +
        'shield=True):`. Closing a resource with `await resource.aclose()` or `aclose_forcefully(resource)` needs no ' +
        'shield.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def handle(stream):\n    try:\n        await serve(stream)\n    finally:\n' +
            '        await stream.send_all(b"bye\\n")',
          good:
            'import trio\n\nasync def handle(stream):\n    try:\n        await serve(stream)\n    finally:\n' +
            '        with trio.move_on_after(5, shield=True):\n            await stream.send_all(b"bye\\n")',
        },
      },
      notes:
        'asyncio modules (those importing neither trio nor AnyIO) are not checked, as in recent flake8-async: asyncio ' +
        'cancels edge-triggered, `Task.cancel()` delivers one `CancelledError` and later awaits run normally unless ' +
        'the task is cancelled again, so the first cleanup await does run. A shield counts when its scope is entered ' +
        'inside the cleanup clause: a trio or AnyIO scope given `shield=True` (`CancelScope`, `move_on_after`, ' +
        '`fail_after`...), or a scope, nursery or task group bound with `as` whose `.shield` (or ' +
        '`.cancel_scope.shield`) is last set to `True` before the checkpoint in its block. A shield around the whole ' +
        '`try` does not count, since the cancellation that started the cleanup may be that scope\'s own. A shield ' +
        'without a deadline is accepted, as flake8-async does; the deadline is advice against hanging, not what ' +
        'keeps the cleanup running. `x.aclose()` without arguments, `aclose_forcefully()` and ' +
        '`lowlevel.cancel_shielded_checkpoint()` are not reported, nor (unlike flake8-async) is a wrapper\'s ' +
        '`await inner.__aexit__(...)`, which hands the exit to the manager it wraps, nor is entering only nurseries and task groups ' +
        'with `async with`. A handler after one that already catches the same cancellation never sees it and counts ' +
        'as an ordinary handler (see checkpoint-in-except). Unlike flake8-async, every item of a multi-item `with` ' +
        'is checked for a shield (not only the first scope), scopes imported by name (`from trio import ' +
        'move_on_after`) count, and async comprehensions are checkpoints too.',
    },
  },
  python: {
    await: check,
    for_statement: check,
    for_in_clause: check,
    with_statement: check,
  },
};
