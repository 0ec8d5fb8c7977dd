// Moving a blocking call off the event loop into a worker thread: how each library spells
// it, and the rewrite `f(a, b)` -> `await asyncio.to_thread(f, a, b)`.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import type { AsyncLibrary } from '../../engine/python/imports';
import type { Fix } from '../../engine/types';

/** The call that runs a blocking function in a worker thread and awaits its result. */
export const THREAD_OFFLOAD: Readonly<Record<AsyncLibrary, string>> = {
  asyncio: 'asyncio.to_thread',
  anyio: 'anyio.to_thread.run_sync',
  trio: 'trio.to_thread.run_sync',
};

/**
 * The rewrite that runs the call in `asyncio.to_thread`, which passes positional and keyword
 * arguments through unchanged. Offered for asyncio modules targeting Python 3.9+ (where
 * `to_thread` exists), where `await` can go, and never as a safe fix: other tasks now run
 * while the call is in progress, and a thread cannot be cancelled.
 */
export function toThreadFixes(call: Node, context: PythonContext): Fix[] {
  const callee = call.childForFieldName('function');
  const argumentList = call.childForFieldName('arguments');
  // A lone generator argument (`f(x for x in y)`) cannot become a second argument without parentheses.
  if (!callee || argumentList?.type !== 'argument_list') return [];
  if (context.library !== 'asyncio' || !context.atLeast(3, 9) || !context.canAwaitHere(call) || call.parent?.type === 'await') return [];
  const open = argumentList.child(0);
  if (open?.type !== '(') return [];
  const { reference, edits: importEdits } = context.moduleReference('asyncio');
  const hasArguments = argumentList.namedChildren.some((argument) => argument?.type !== 'comment');
  return [
    {
      title: `Run it in a worker thread with 'await ${reference}.to_thread(...)'`,
      safe: false,
      edits: [
        ...context.awaitEdits(call, { node: callee, text: `${reference}.to_thread(${callee.text}` }),
        context.replace(open, hasArguments ? ', ' : ''),
        ...importEdits,
      ],
    },
  ];
}
