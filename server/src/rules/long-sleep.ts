import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { positionalArguments } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { quoted } from './support/messages';
import { memberCalleeEdits } from './support/module-member';
import { isInfinity, numericConstant } from './support/numbers';
import { SLEEP_CALLS, SLEEP_FOREVER } from './support/sleeps';

/** Sleeps longer than a day are taken to mean "forever". */
const ONE_DAY = 86_400;

/** The delay of a sleep called with exactly one argument, passed positionally. */
function onlyDelay(call: Node): Node | undefined {
  const argumentCount = call.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length;
  const [delay] = positionalArguments(call);
  return argumentCount === 1 ? delay : undefined;
}

/** The library's call that sleeps until cancelled (`trio.sleep_forever`); asyncio has none. */
function foreverCall(library: string): string | undefined {
  return [...SLEEP_FOREVER].find((name) => name.startsWith(`${library}.`));
}

/**
 * Rewrites the call to `forever`, through the file's own spelling of its module. Safe only
 * for an infinite delay, where the behaviour is the same.
 */
function foreverFix(call: Node, forever: string, infinite: boolean, context: PythonContext): Fix[] {
  const callee = call.childForFieldName('function');
  const list = call.childForFieldName('arguments');
  if (!callee || !list) return [];
  const dot = forever.lastIndexOf('.');
  const edits = memberCalleeEdits(callee, forever.slice(0, dot), forever.slice(dot + 1), context);
  return [{ title: `Replace with '${forever}()'`, safe: infinite, edits: [...edits, context.replace(list, '()')] }];
}

// A sleep of days reads as a timer someone meant to tune; the library has a name for "forever".
export const longSleep: Rule = {
  meta: {
    id: 'long-sleep',
    title: 'Sleep of more than a day instead of sleep_forever()',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC116'],
    checklist: 'deadlines-meaningful',
    fixable: true,
    docs: {
      summary:
        'Finds `trio.sleep()` and `anyio.sleep()` given a constant delay of more than 24 hours (`100_000`, ' +
        '`60 * 60 * 48`) or an infinity (`math.inf`, `float("inf")`).',
      why:
        'Nothing should wait for days on a timer inside a running program, so a delay that long almost always means ' +
        '"until cancelled". Spelled as a number it hides that intent: readers wonder what happens when it expires, and ' +
        'a finite delay does expire, after which code that was never meant to run wakes up. trio and AnyIO name the ' +
        'operation: `sleep_forever()` waits until the task is cancelled.',
      fix:
        'Replace the sleep with `await trio.sleep_forever()` (AnyIO: `await anyio.sleep_forever()`). If the code ' +
        'really must run after the delay, keep the sleep and give the delay a named constant that says so (names are ' +
        'not evaluated, so the rule then leaves it alone).',
      examples: {
        python: {
          bad: 'import math\n\nimport trio\n\n\nasync def serve(nursery, handler):\n    nursery.start_soon(handler)\n    await trio.sleep(math.inf)',
          good: 'import trio\n\n\nasync def serve(nursery, handler):\n    nursery.start_soon(handler)\n    await trio.sleep_forever()',
        },
      },
      fixSafety:
        'Replaces the call with `sleep_forever()`, spelled the way the file reaches the module: through its module ' +
        'reference, a `sleep_forever` it already imports, or else a new `import trio` / `import anyio`. Safe for an ' +
        'infinite delay, which already never ends. For a finite one it is a suggestion only: the sleep no longer ends ' +
        'after the delay.',
      notes:
        '`asyncio.sleep()` is left alone: asyncio has no `sleep_forever()`, and `await asyncio.sleep(math.inf)` is as ' +
        'direct a way to wait forever as `await asyncio.Event().wait()`. Only a delay passed as the single positional ' +
        'argument is judged, as flake8-async does, including its reading of any attribute named `inf` (`np.inf`) or a ' +
        'bare `inf` as infinity. Unlike flake8-async, constant arithmetic is evaluated (`60 * 60 * 25`, `10**10`, ' +
        '`86400 + 1`), since it is how long delays are usually written; negative results and expressions that read a ' +
        'name or call anything are left alone. `float("infinity")` counts, in any case.',
    },
  },
  python: {
    call(node, context) {
      const name = context.calleeName(node);
      const sleep = name === undefined ? undefined : SLEEP_CALLS.get(name);
      // asyncio has no sleep_forever(); its long sleeps are left alone.
      const forever = sleep?.kind === 'delay' ? foreverCall(sleep.library) : undefined;
      const delay = forever === undefined ? undefined : onlyDelay(node);
      if (forever === undefined || !delay) return;
      const infinite = isInfinity(delay, context);
      if (!infinite && !((numericConstant(delay) ?? 0) > ONE_DAY)) return;
      const message = infinite
        ? `\`${name}(${quoted(delay)})\` never wakes up; say so with \`${forever}()\``
        : `\`${name}(${quoted(delay)})\` sleeps for more than a day, which almost always means forever; say so with \`${forever}()\``;
      context.report(node, message, { fixes: foreverFix(node, forever, infinite, context) });
    },
  },
};
