import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { hasSplatArguments, isAwaited, positionalArguments } from '../engine/python/syntax';

/** Entry points that take a coroutine object (`asyncio.run(main())`). */
const COROUTINE_RUNNERS = new Set(['asyncio.run']);
/** Entry points that take an async function and its arguments (`trio.run(main, arg)`). */
const FUNCTION_RUNNERS = new Set(['anyio.run', 'trio.run']);
/** Expressions `await` can prefix without parentheses changing what is awaited. */
const PRIMARY_EXPRESSIONS = new Set(['call', 'identifier', 'attribute', 'subscript', 'parenthesized_expression']);

interface LoopEntry {
  /** The entry point as written, for the message. */
  name: string;
  /** The event loop it complains about, in the library's own words. */
  loopWords: string;
  takes: 'coroutine' | 'function';
}

function loopEntry(call: Node, context: PythonContext): LoopEntry | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const qualified = context.qualifiedName(callee);
  if (qualified && COROUTINE_RUNNERS.has(qualified)) return { name: callee.text, loopWords: 'a running asyncio event loop', takes: 'coroutine' };
  if (qualified && FUNCTION_RUNNERS.has(qualified)) {
    const loopWords = qualified === 'trio.run' ? 'a running trio run' : 'a running event loop';
    return { name: callee.text, loopWords, takes: 'function' };
  }
  // `run_until_complete` is the event loop's own vocabulary; whatever the receiver, a second
  // loop cannot run in a thread whose loop is already running.
  if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run_until_complete') {
    return { name: callee.text, loopWords: 'a running asyncio event loop', takes: 'coroutine' };
  }
  return undefined;
}

/** `await <what the entry point would have run>`, when the call's arguments say it plainly. */
function awaitedText(call: Node, entry: LoopEntry): string | undefined {
  const list = call.childForFieldName('arguments');
  const positional = positionalArguments(call);
  const hasKeywords = list?.namedChildren.some((argument) => argument?.type === 'keyword_argument') ?? false;
  if (hasKeywords || hasSplatArguments(call) || positional.length === 0) return undefined;
  const [first, ...rest] = positional;
  if (entry.takes === 'coroutine') return positional.length === 1 && PRIMARY_EXPRESSIONS.has(first.type) ? first.text : undefined;
  if (first.type !== 'identifier' && first.type !== 'attribute') return undefined;
  return `${first.text}(${rest.map((argument) => argument.text).join(', ')})`;
}

function awaitFix(call: Node, entry: LoopEntry, context: PythonContext): Fix[] {
  if (isAwaited(call) || !context.canAwaitHere(call)) return [];
  const text = awaitedText(call, entry);
  if (text === undefined) return [];
  // Unsafe: the work moves from a loop of its own onto the caller's loop, which is usually
  // what was meant but may not be (the author may have wanted it off the loop, in a thread).
  return [{ title: 'Await the work here instead', safe: false, edits: context.awaitEdits(call, { node: call, text }) }];
}

// Starting an event loop from code that already runs on one raises at once.
export const asyncioRunInAsync: Rule = {
  meta: {
    id: 'asyncio-run-in-async',
    title: 'Event loop started from async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'single-entry-point',
    fixable: true,
    docs: {
      summary:
        'Finds `asyncio.run()`, `loop.run_until_complete()`, `anyio.run()` and `trio.run()` called in the body of an ' +
        '`async def`, where an event loop is already running.',
      why:
        'Only one event loop can run in a thread at a time. These entry points start a loop (or run one), so called ' +
        'from a coroutine they fail straight away with `RuntimeError: asyncio.run() cannot be called from a running ' +
        'event loop` (or "This event loop is already running", or trio\'s "Attempted to call run() from inside a ' +
        'run()"). The coroutine passed in is never run, and Python adds a "was never awaited" warning on top.',
      fix:
        'You are already inside the loop, so await the work directly: `await main()` rather than ' +
        '`asyncio.run(main())`, and `await main(arg)` rather than `trio.run(main, arg)`. If the work must run ' +
        'on a loop of its own, start it in a worker thread (`await asyncio.to_thread(asyncio.run, main())`).',
      examples: {
        python: {
          bad: 'import asyncio\n\nasync def refresh_cache(client):\n    rows = asyncio.run(client.fetch_all())\n    return {row.id: row for row in rows}',
          good: 'async def refresh_cache(client):\n    rows = await client.fetch_all()\n    return {row.id: row for row in rows}',
        },
      },
      fixSafety:
        'Offered but not applied by fix-all: the call becomes `await <coroutine>` (for `trio.run(fn, *args)` and ' +
        '`anyio.run(fn, *args)`, `await fn(*args)`), which runs the work on the caller\'s loop instead of a loop of ' +
        'its own. That is usually the intent, but the author may have wanted the work off the loop, in a thread. ' +
        'No fix is offered when the call passes keyword arguments (`debug=True`, `backend=...`) that have no ' +
        'counterpart in a plain `await`, or inside a generator expression.',
      notes:
        'Calls inside a nested `def` or a `lambda` are left alone: those often run in a worker thread, where starting ' +
        'a loop is legitimate (`await loop.run_in_executor(None, lambda: asyncio.run(job()))`). Any ' +
        '`.run_until_complete()` counts, whatever the receiver is called, since a second loop cannot run either. ' +
        'Modules that import `nest_asyncio` are skipped, because it patches asyncio to allow nested runs.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || context.imports.modules.has('nest_asyncio')) return;
      const entry = loopEntry(node, context);
      if (!entry) return;
      const fix = entry.takes === 'coroutine' ? 'await the coroutine directly instead' : 'call the function and await it directly instead';
      context.report(node, `'${entry.name}()' raises RuntimeError inside ${entry.loopWords}; ${fix}`, {
        fixes: awaitFix(node, entry, context),
      });
    },
  },
};
