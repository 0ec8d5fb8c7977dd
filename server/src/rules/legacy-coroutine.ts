import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { decoratorsOf } from '../engine/python/syntax';
import { callsCoroutineFunction } from './support/coroutine-calls';

const LEGACY_DECORATORS = new Set(['asyncio.coroutine', 'asyncio.coroutines.coroutine']);

function reportLegacyWrapper(node: Node, wrapper: Node, context: PythonContext): void {
  if (!context.atLeast(3, 5) || !LEGACY_DECORATORS.has(context.qualifiedName(wrapper) ?? '')) return;
  context.report(
    node,
    `'${wrapper.text}' was removed in Python 3.11 and fails at import; write an 'async def' that uses 'await' instead of 'yield from'`,
  );
}

/** `yield from x`: the same node type as `yield x`, told apart by its `from` keyword. */
function isYieldFrom(node: Node): boolean {
  return node.children[1]?.type === 'from';
}

// Generator-based coroutines were deprecated in 3.8 and removed in 3.11.
export const legacyCoroutine: Rule = {
  meta: {
    id: 'legacy-coroutine',
    title: 'Generator-based coroutine',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: [],
    checklist: 'modern-task-api',
    fixable: false,
    docs: {
      summary:
        'Finds generator-based coroutines: functions decorated with (or wrapped in) `asyncio.coroutine`, `yield from` a ' +
        'coroutine in a plain generator, and `yield from` inside an `async def`.',
      why:
        '`@asyncio.coroutine` was deprecated in Python 3.8 and removed in 3.11, so on current Python the module ' +
        'fails to import with `AttributeError: module \'asyncio\' has no attribute \'coroutine\'` (or an ' +
        'ImportError for `from asyncio import coroutine`). Without the decorator, a generator that does ' +
        '`yield from` on a native coroutine raises `TypeError: cannot \'yield from\' a coroutine object in a ' +
        'non-coroutine generator`, and `yield from` inside `async def` is a SyntaxError.',
      fix: 'Turn the function into an `async def` and replace each `yield from x` with `await x`; callers then await it.',
      examples: {
        python: {
          bad: 'import asyncio\n\n@asyncio.coroutine\ndef fetch_status(session, url):\n    response = yield from session.get(url)\n    return response.status',
          good: 'async def fetch_status(session, url):\n    response = await session.get(url)\n    return response.status',
        },
      },
      notes:
        'One finding per decorated function, on the decorator; its `yield from` lines are not reported again. In an ' +
        'undecorated generator, `yield from` is reported only when it delegates to a known coroutine call: ' +
        '`yield from` over iterables and sub-generators is ordinary generator code, and generators decorated with ' +
        'anything (such as `types.coroutine`, which is still supported) are left alone. The severity is error for ' +
        'every target version, since the code breaks on every Python still maintained; on 3.8 to 3.10 it only ' +
        'warns, and targets older than 3.5, which have no `async def`, get no findings. No fix is offered: ' +
        'callers must start awaiting the function too.',
    },
  },
  python: {
    decorator(node, context) {
      const expression = node.namedChild(0);
      if (expression) reportLegacyWrapper(node, expression, context);
    },
    // The same wrapper applied by hand: `fetch = asyncio.coroutine(fetch)`.
    call(node, context) {
      const callee = node.childForFieldName('function');
      if (callee) reportLegacyWrapper(node, callee, context);
    },
    yield(node, context) {
      const frame = context.currentFunction;
      if (!context.atLeast(3, 5) || !isYieldFrom(node) || !frame) return;
      if (frame.kind === 'async') {
        context.report(node, "'yield from' is a SyntaxError inside 'async def'; use 'await'");
        return;
      }
      if (frame.kind !== 'sync' || decoratorsOf(frame.node).length > 0) return;
      const operand = node.namedChild(0);
      if (operand?.type !== 'call' || !callsCoroutineFunction(operand, context)) return;
      context.report(
        node,
        `A plain generator cannot 'yield from' the coroutine '${operand.childForFieldName('function')?.text}()' (TypeError); make it an 'async def' and 'await' it`,
      );
    },
  },
};
