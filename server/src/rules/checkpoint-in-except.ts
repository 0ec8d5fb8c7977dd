import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { checkpointText, raisesAfter, regionText, unshieldedCleanupCheckpoint } from './support/cleanup';

function check(node: Node, context: PythonContext): void {
  const found = unshieldedCleanupCheckpoint(node, context);
  if (found?.region.kind !== 'handler' || !raisesAfter(node, found.region.owner)) return;
  const { site, region } = found;
  context.report(
    site,
    `If the task is cancelled at ${checkpointText(site)} in ${regionText(region)}, the cancellation replaces the exception ` +
      `the handler raises below; shield it with \`with ${context.library}.move_on_after(<seconds>, shield=True):\``,
  );
}

// A checkpoint between catching an exception and re-raising it is where a cancellation can take
// the exception's place: the error is then lost to whoever waits for this task.
export const checkpointInExcept: Rule = {
  meta: {
    id: 'checkpoint-in-except',
    title: 'Checkpoint before a re-raise in an except handler',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC120'],
    checklist: 'cleanup-shielded',
    fixable: false,
    docs: {
      summary:
        'Finds checkpoints (`await`, `async for`, `async with`) in trio and AnyIO `except` handlers that run before ' +
        'the handler re-raises, when the handler does not catch cancellation and no shielded cancel scope is entered ' +
        'around the checkpoint.',
      why:
        'A checkpoint raises the cancellation if the task\'s scope is cancelled, and that exception propagates in ' +
        'place of the one the handler was about to re-raise: the original error survives only as the ' +
        'cancellation\'s `__context__`, so the nursery, the task group or the caller never sees it. trio and AnyIO ' +
        'cancel level-triggered, so a handler that runs after its scope was cancelled (a sibling task failed, a ' +
        'deadline passed, the error itself came from the cancellation) loses its exception at every checkpoint.',
      fix:
        'Shield the awaits, with a deadline so they cannot hang: `with trio.move_on_after(5, shield=True):` or ' +
        '`with anyio.move_on_after(5, shield=True):`. Or do the async work where the error is finally handled, not ' +
        'between catching and re-raising it; or keep the handler synchronous (log instead of sending).',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def upload(client, blob):\n    try:\n        await client.put(blob)\n' +
            '    except trio.BrokenResourceError:\n        await client.reset()\n        raise',
          good:
            'import trio\n\nasync def upload(client, blob):\n    try:\n        await client.put(blob)\n' +
            '    except trio.BrokenResourceError:\n        with trio.move_on_after(5, shield=True):\n' +
            '            await client.reset()\n        raise',
        },
      },
      notes:
        'Only handlers that re-raise are checked, as in flake8-async: the checkpoint must come before a `raise` of the ' +
        'same handler in source order (a `raise` in a handler nested inside it does not count; one in a nested `try` ' +
        'body or `finally` does). Unlike flake8-async, a `raise` in another branch of an `if` or `match` than the ' +
        'checkpoint does not count: on the checkpoint\'s path the exception is handled, not re-raised, so losing it ' +
        'to cancellation loses nothing (a server that logs an `accept()` error and sleeps before retrying). Handlers that catch cancellation, `finally` blocks and `__aexit__` belong to ' +
        'unshielded-await-in-finally, and so does an ordinary handler nested in one of them: a checkpoint is reported ' +
        'by one rule or the other, never both. Shields, `aclose()` and the other exempt calls are those of ' +
        'unshielded-await-in-finally. Unlike flake8-async, asyncio modules are not checked: asyncio ' +
        'cancels edge-triggered, so a cancellation requested before the handler runs is delivered at the await that ' +
        'would have raised the error, and the handler only loses its exception to a cancellation arriving during its ' +
        'own await, as any await can be cancelled; nor can asyncio protect the awaiting task, since ' +
        '`asyncio.shield()` keeps the inner awaitable running but still raises `CancelledError` in the task that ' +
        'awaits it.',
    },
  },
  python: {
    await: check,
    for_statement: check,
    for_in_clause: check,
    with_statement: check,
  },
};
