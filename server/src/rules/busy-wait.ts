import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { containsAwait, descendantsInScope, isAlwaysTrue, positionalArguments } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { SLEEP_CALLS } from './support/sleeps';

const CALL = new Set(['call']);
const EXITS = new Set(['break_statement', 'return_statement']);
/** Clocks a poll compares against a deadline; `loop.time()` is matched by its method name. */
const CLOCKS = new Set([
  'time.monotonic',
  'time.monotonic_ns',
  'time.perf_counter',
  'time.time',
  'time.time_ns',
  'trio.current_time',
  'anyio.current_time',
]);

/** What joins the tests of a condition. */
const CONNECTIVES = new Set(['boolean_operator', 'not_operator', 'parenthesized_expression']);

function statementsOf(block: Node | null): Node[] {
  return block?.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment') ?? [];
}

/** The qualified name of the sleep a statement awaits and nothing else: `await asyncio.sleep(0.1)`. */
function awaitedSleep(statement: Node, context: PythonContext): string | undefined {
  const expression = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
  const call = expression?.type === 'await' ? expression.firstNamedChild : null;
  const name = call?.type === 'call' ? context.calleeName(call) : undefined;
  return name !== undefined && SLEEP_CALLS.has(name) ? name : undefined;
}

/** The condition of `if ready: break` (or `return`, without awaiting), with no `elif` or `else`. */
function exitTest(statement: Node): Node | undefined {
  if (statement.type !== 'if_statement' || statement.childrenForFieldName('alternative').length > 0) return undefined;
  const body = statementsOf(statement.childForFieldName('consequence'));
  if (body.length !== 1 || !EXITS.has(body[0].type) || containsAwait(body[0])) return undefined;
  return statement.childForFieldName('condition') ?? undefined;
}

function callsIn(expression: Node): Node[] {
  const nested = descendantsInScope(expression, CALL);
  return expression.type === 'call' ? [expression, ...nested] : nested;
}

function isClockCall(call: Node, context: PythonContext): boolean {
  const name = context.calleeName(call);
  if (name !== undefined) return CLOCKS.has(name);
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'time' && positionalArguments(call).length === 0;
}

/** The tests a condition combines with `and`, `or` and `not`. */
function operandsOf(condition: Node): Node[] {
  if (!CONNECTIVES.has(condition.type)) return [condition];
  return condition.namedChildren.flatMap((child) => (child && child.type !== 'comment' ? operandsOf(child) : []));
}

/**
 * How the tests of a loop's conditions poll: 'state' when at least one reads state of this
 * program that other tasks change and none awaits or calls an imported function
 * (`os.path.exists(p)` polls the outside world, which no Event can signal); 'other'
 * otherwise. Deadline tests against a clock (`time.monotonic() < deadline`) are neutral: they
 * belong in a timeout scope, and do not make the wait itself any less of a poll.
 */
function pollsProgramState(conditions: readonly Node[], context: PythonContext): boolean {
  let readsState = false;
  for (const operand of conditions.flatMap(operandsOf)) {
    if (containsAwait(operand)) return false;
    const calls = callsIn(operand);
    if (calls.some((call) => isClockCall(call, context))) continue;
    if (calls.some((call) => context.calleeName(call) !== undefined)) return false;
    readsState = true;
  }
  return readsState;
}

/**
 * The sleep of a loop that only waits for a condition: its body holds nothing but awaited
 * sleeps, `pass` and `if <condition>: break` tests, and something is tested.
 */
function pollingSleep(loop: Node, context: PythonContext): string | undefined {
  const loopCondition = loop.childForFieldName('condition');
  const conditions = loopCondition && !isAlwaysTrue(loopCondition) ? [loopCondition] : [];
  let sleep: string | undefined;
  for (const statement of statementsOf(loop.childForFieldName('body'))) {
    const awaited = awaitedSleep(statement, context);
    const test = awaited === undefined ? exitTest(statement) : undefined;
    if (awaited !== undefined) sleep ??= awaited;
    else if (test) conditions.push(test);
    else if (statement.type !== 'pass_statement') return undefined;
  }
  return pollsProgramState(conditions, context) ? sleep : undefined;
}

// A polling loop wakes up for nothing most of the time and still notices the change late.
export const busyWait: Rule = {
  meta: {
    id: 'busy-wait',
    title: 'Polling loop waiting for a condition',
    languages: ['python'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC110'],
    checklist: 'no-busy-waiting',
    fixable: false,
    docs: {
      summary:
        'Finds `while` loops in async functions that do nothing but sleep until a condition holds: ' +
        '`while not ready: await asyncio.sleep(0.1)`, or `while True:` with an `if ready: break` and a sleep.',
      why:
        'The loop wakes up on every interval only to find nothing changed, costing a scheduler round trip (and, with ' +
        '`sleep(0)`, a busy CPU), and it still notices the change up to one interval late. Under load, many such ' +
        'waiters add latency and load for no work. An event wakes the waiter exactly when the state changes.',
      fix:
        'Have the code that changes the state set an `asyncio.Event` (`trio.Event`, `anyio.Event`) and `await ' +
        'event.wait()` instead of the loop. For a condition over shared state, use `asyncio.Condition` and ' +
        '`await condition.wait_for(predicate)`; for a task, await the task itself.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nclass Worker:\n    async def wait_until_ready(self):\n        while not self.ready:\n' +
            '            await asyncio.sleep(0.1)',
          good:
            'import asyncio\n\nclass Worker:\n    def __init__(self):\n        self.ready = asyncio.Event()\n\n' +
            '    async def wait_until_ready(self):\n        await self.ready.wait()',
        },
      },
      notes:
        'Left alone: loops that do anything besides sleeping and testing (fetching, processing, retrying with ' +
        'backoff); conditions that await or call an imported function (`os.path.exists(path)`), since they poll ' +
        'the outside world, which no event can signal; loops that only wait for a clock ' +
        '(`while time.monotonic() < deadline`); and `while True:` loops that only sleep, which keep a task alive ' +
        'rather than wait for anything. A deadline test next to a state test (`while not done and loop.time() < ' +
        'deadline`) does not hide the poll: the deadline belongs in a timeout scope around an event wait. ' +
        'flake8-async and Ruff report any `while` whose body is a single sleep; this rule also covers the ' +
        '`while True:` with `if ...: break` form, and applies to asyncio as well as trio and AnyIO.',
    },
  },
  python: {
    while_statement(node, context) {
      if (!context.inAsyncContext) return;
      const sleep = pollingSleep(node, context);
      if (sleep === undefined) return;
      const library = SLEEP_CALLS.get(sleep)!.library;
      context.report(
        node.children[0] ?? node,
        `This loop polls its condition with \`${sleep}()\`; have the code that changes the state set an event (\`${library}.Event\`) and await its \`wait()\` instead`,
      );
    },
  },
};
