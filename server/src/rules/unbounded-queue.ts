import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import type { Rule } from '../engine/rule';
import { hasSplatArguments, keywordArgument, numberLiteralValue, positionalArguments } from '../engine/python/syntax';
import { isInfinity } from './support/numbers';

/** Queues whose `maxsize` defaults to 0, which asyncio reads as "no limit". */
const ASYNCIO_QUEUES = new Set(['asyncio.Queue', 'asyncio.LifoQueue', 'asyncio.PriorityQueue']);
/** Memory channels whose buffer is bounded unless given `math.inf` (AnyIO's default of 0 is a rendezvous). */
const MEMORY_CHANNELS = new Set(['anyio.create_memory_object_stream', 'trio.open_memory_channel']);

/** The callee's qualified name, looking through a generic subscript (`create_memory_object_stream[int](...)`). */
function factoryName(call: Node, context: PythonContext): string | undefined {
  const callee = call.childForFieldName('function');
  const named = callee?.type === 'subscript' ? callee.childForFieldName('value') : callee;
  return named ? context.qualifiedName(named) : undefined;
}

/** The size argument: the keyword when given, else the first positional argument. */
function sizeArgument(call: Node, keyword: string): Node | undefined {
  return keywordArgument(call, keyword) ?? positionalArguments(call)[0];
}

/** `0`, `-1`: sizes asyncio treats as infinite. */
function isNonPositiveLiteral(size: Node): boolean {
  if (size.type === 'integer') return numberLiteralValue(size) === 0;
  return size.type === 'unary_operator' && size.child(0)?.type === '-' && size.childForFieldName('argument')?.type === 'integer';
}

// A queue without a bound never makes the producer wait, so a slow consumer turns into memory growth.
export const unboundedQueue: Rule = {
  meta: {
    id: 'unbounded-queue',
    title: 'Queue or channel without a size limit',
    languages: ['python'],
    severity: 'hint',
    enabledByDefault: false,
    aliases: [],
    checklist: 'queues-bounded',
    fixable: false,
    docs: {
      summary:
        'Finds `asyncio.Queue()`, `LifoQueue()` and `PriorityQueue()` created without a `maxsize` (or with ' +
        '`maxsize` 0 or below), and AnyIO memory object streams or trio memory channels given an infinite buffer ' +
        '(`math.inf`, `float("inf")`).',
      why:
        'A bounded queue is backpressure: when consumers fall behind, `put()` waits and the producer slows to their ' +
        'pace. Without a bound `put()` never waits, so a burst of input or a stalled consumer turns into a queue that ' +
        'grows until the process runs out of memory, and items wait longer and longer before anyone sees them.',
      fix:
        'Give the queue a size that fits the work: `asyncio.Queue(maxsize=100)`, ' +
        '`anyio.create_memory_object_stream(100)`, `trio.open_memory_channel(100)`. Producers then wait while it is full.',
      examples: {
        python: {
          bad: 'import asyncio\n\n\nasync def produce(urls):\n    queue = asyncio.Queue()\n    for url in urls:\n        await queue.put(url)',
          good:
            'import asyncio\n\n\nasync def produce(urls):\n    queue = asyncio.Queue(maxsize=100)\n    for url in urls:\n' +
            '        await queue.put(url)',
        },
      },
      notes:
        'Off by default: many queues are small by construction (a handful of control messages, a result per worker), ' +
        'and choosing a bound is a design decision only the author can make. AnyIO\'s `create_memory_object_stream()` ' +
        'with no argument is not reported: its default buffer of 0 makes every send wait for a receiver, the tightest ' +
        'bound there is. A size held in a variable is trusted, whatever its value.',
    },
  },
  python: {
    call(node, context) {
      const factory = factoryName(node, context);
      if (factory === undefined || hasSplatArguments(node)) return;
      const callee = node.childForFieldName('function')!.text;
      if (ASYNCIO_QUEUES.has(factory)) {
        const size = sizeArgument(node, 'maxsize');
        if (size && !isNonPositiveLiteral(size)) return;
        const message = `'${callee}()' is unbounded, so producers never wait for consumers and it can grow without limit`;
        context.report(node, `${message}; pass a positive maxsize`);
      } else if (MEMORY_CHANNELS.has(factory)) {
        const size = sizeArgument(node, 'max_buffer_size');
        if (!size || !isInfinity(size, context)) return;
        context.report(node, `'${callee}()' buffers without limit, so senders never wait for receivers; give it a finite buffer size`);
      }
    },
  },
};
