import { isAwaited } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { importedCallee } from './support/instances';
import { THREAD_OFFLOAD, toThreadFixes } from './support/offload';

// input() waits for a human; the event loop waits with it.
export const blockingInput: Rule = {
  meta: {
    id: 'blocking-input',
    title: 'input() inside async code',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC250'],
    checklist: 'no-blocking-io',
    fixable: true,
    docs: {
      summary: 'Finds the builtin `input()` called in the body of an `async def`.',
      why:
        '`input()` returns only when someone types a line and presses Enter. Until then the event loop is stuck in ' +
        'that call: background tasks stop, network connections time out, and a progress display freezes while the ' +
        'prompt waits.',
      fix:
        'Read the line in a worker thread: `await asyncio.to_thread(input, "Name: ")`, ' +
        '`await anyio.to_thread.run_sync(input, "Name: ")` or `await trio.to_thread.run_sync(input, "Name: ")`. ' +
        'For an interactive async program, an async prompt library (such as prompt_toolkit\'s `prompt_async`) ' +
        'avoids the thread.',
      examples: {
        python: {
          bad: 'async def confirm_deploy(target):\n    answer = input(f"Deploy to {target}? [y/N] ")\n    return answer.lower() == "y"',
          good:
            'import asyncio\n\nasync def confirm_deploy(target):\n' +
            '    answer = await asyncio.to_thread(input, f"Deploy to {target}? [y/N] ")\n    return answer.lower() == "y"',
        },
      },
      fixSafety:
        'Offered, but not applied by fix-all, in asyncio modules that target Python 3.9 or later: `input(prompt)` ' +
        'becomes `await asyncio.to_thread(input, prompt)`, importing asyncio when needed. Other tasks now run while ' +
        'the prompt waits, which is the point, but code that assumed nothing else happens meanwhile deserves a look.',
      notes:
        'Only the builtin counts: a local function or parameter named `input` is left alone, as are calls inside a ' +
        'nested `def` or `lambda`.',
    },
  },
  python: {
    call(node, context) {
      if (!context.inAsyncContext || isAwaited(node)) return;
      if (importedCallee(node, context, (name) => name === 'builtins.input') === undefined) return;
      context.report(node, `input() blocks the event loop until the user answers; use 'await ${THREAD_OFFLOAD[context.library]}(input, ...)'`, {
        fixes: toThreadFixes(node, context),
      });
    },
  },
};
