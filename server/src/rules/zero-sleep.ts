import type { Node } from 'web-tree-sitter';
import { numberLiteralValue, positionalArguments } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { SLEEP_CALLS, checkpointCall } from './support/sleeps';

/** A number literal equal to zero: `0`, `0.0`, `0_0`. */
function isZero(node: Node): boolean {
  return numberLiteralValue(node) === 0;
}

function isOnlyArgumentZero(call: Node): boolean {
  const argumentCount = call.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length;
  const [delay] = positionalArguments(call);
  return argumentCount === 1 && delay !== undefined && isZero(delay);
}

// `sleep(0)` reads as a pause; trio and AnyIO have a call that says what it does.
export const zeroSleep: Rule = {
  meta: {
    id: 'zero-sleep',
    title: 'sleep(0) used as a checkpoint',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: ['ASYNC115'],
    checklist: 'no-busy-waiting',
    fixable: true,
    docs: {
      summary: 'Finds `trio.sleep(0)` and `anyio.sleep(0)`, which only checkpoint: they let other tasks run and deliver a pending cancellation.',
      why:
        'Nothing breaks at run time: a zero sleep is a checkpoint. But it reads like a pause someone forgot to tune, ' +
        'invites "fixes" that change the delay, and hides the intent of the line. trio and AnyIO name the operation: ' +
        '`lowlevel.checkpoint()`.',
      fix: 'Replace `await trio.sleep(0)` with `await trio.lowlevel.checkpoint()`, and `await anyio.sleep(0)` with `await anyio.lowlevel.checkpoint()`.',
      examples: {
        python: {
          bad: 'import trio\n\nasync def crunch(rows):\n    for index, row in enumerate(rows):\n        process(row)\n        if index % 100 == 0:\n            await trio.sleep(0)',
          good:
            'import trio\n\nasync def crunch(rows):\n    for index, row in enumerate(rows):\n        process(row)\n        if index % 100 == 0:\n' +
            '            await trio.lowlevel.checkpoint()',
        },
      },
      fixSafety:
        'Safe: `lowlevel.checkpoint()` does exactly what a zero sleep does. The call is rewritten through the module ' +
        'reference the file already has (`import trio as t` gives `t.lowlevel.checkpoint()`), and `import trio` or ' +
        '`import anyio` is added when the sleep was imported by name. The `await` stays as written.',
      notes:
        '`asyncio.sleep(0)` is left alone: asyncio has no checkpoint function, and a zero sleep is its documented way ' +
        'to yield to other tasks. Only a literal zero passed as the one positional argument is reported.',
    },
  },
  python: {
    call(node, context) {
      const name = context.calleeName(node);
      const sleep = name === undefined ? undefined : SLEEP_CALLS.get(name);
      const checkpoint = sleep?.kind === 'delay' ? checkpointCall(sleep.library) : undefined;
      if (!sleep || checkpoint === undefined || !isOnlyArgumentZero(node)) return;
      const { reference, edits } = context.moduleReference(sleep.library);
      const replacement = `${reference}${checkpoint.slice(sleep.library.length)}()`;
      context.report(node, `\`${name}(0)\` is only a checkpoint; say so with \`${checkpoint}()\``, {
        fixes: [{ title: `Replace with '${checkpoint}()'`, safe: true, edits: [context.replace(node, replacement), ...edits] }],
      });
    },
  },
};
