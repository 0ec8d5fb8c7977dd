import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { containsAwait, descendantsInScope, isAlwaysTrue, positionalArguments } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { TypeScriptContext } from '../engine/typescript/context';
import { unwrapExpression } from '../engine/typescript/syntax';
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
 * The sleep of a loop that only waits for a condition: its body holds one awaited sleep and
 * otherwise only `pass` and `if <condition>: break` tests, and something is tested.
 */
function pollingSleep(loop: Node, context: PythonContext): string | undefined {
  const loopCondition = loop.childForFieldName('condition');
  const conditions = loopCondition && !isAlwaysTrue(loopCondition) ? [loopCondition] : [];
  let sleep: string | undefined;
  for (const statement of statementsOf(loop.childForFieldName('body'))) {
    const awaited = awaitedSleep(statement, context);
    const test = awaited === undefined ? exitTest(statement) : undefined;
    if (awaited !== undefined && sleep !== undefined) return undefined;
    if (awaited !== undefined) sleep = awaited;
    else if (test) conditions.push(test);
    else if (statement.type !== 'pass_statement') return undefined;
  }
  return pollsProgramState(conditions, context) ? sleep : undefined;
}

// --- TypeScript / JavaScript ----------------------------------------------------------

/** Clocks a spin or poll compares against a deadline. */
const SCRIPT_CLOCKS = new Set(['Date.now', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'perf_hooks.performance.now']);
/** Sleep helpers spelled by name, since they are usually a local one-liner or a small package. */
const SLEEP_NAMES = /^(sleep|delay|wait|pause|snooze)$/i;

function scriptStatements(statement: ts.Statement): readonly ts.Statement[] {
  const list = ts.isBlock(statement) ? statement.statements : [statement];
  return list.filter((item) => !ts.isEmptyStatement(item));
}

function isScriptClockCall(call: ts.CallExpression, context: TypeScriptContext): boolean {
  const name = context.calleeName(call);
  if (name !== undefined && SCRIPT_CLOCKS.has(name)) return true;
  const text = call.expression.getText();
  if (text === 'Date.now' || text === 'performance.now') return !context.symbols.topLevelNames.has(text.split('.')[0]);
  // new Date().getTime()
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'getTime' &&
    ts.isNewExpression(unwrapExpression(callee.expression)) &&
    (unwrapExpression(callee.expression) as ts.NewExpression).expression.getText() === 'Date'
  );
}

function scriptCallsIn(node: ts.Node): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child)) calls.push(child);
    if (ts.isFunctionLike(child)) return;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return calls;
}

function containsScriptAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isAwaitExpression(child)) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The tests a condition combines with `&&`, `||` and `!`. */
function scriptOperands(condition: ts.Expression): ts.Expression[] {
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return scriptOperands(expression.operand);
  if (
    ts.isBinaryExpression(expression) &&
    (expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return [...scriptOperands(expression.left), ...scriptOperands(expression.right)];
  }
  return [expression];
}

function isAlwaysTrueScript(condition: ts.Expression | undefined): boolean {
  if (!condition) return true;
  const expression = unwrapExpression(condition);
  return expression.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(expression) && expression.text !== '0');
}

/** A `while`/`do`/`for(;;)` loop's condition and body. */
function scriptLoop(node: ts.Node): { condition: ts.Expression | undefined; body: ts.Statement } | undefined {
  if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return { condition: node.expression, body: node.statement };
  if (ts.isForStatement(node) && !node.initializer && !node.incrementor) return { condition: node.condition, body: node.statement };
  return undefined;
}

/** The sleep an expression statement awaits and nothing else, described for the message. */
function scriptAwaitedSleep(statement: ts.Statement, context: TypeScriptContext): string | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const awaited = unwrapExpression(statement.expression);
  if (!ts.isAwaitExpression(awaited)) return undefined;
  const target = unwrapExpression(awaited.expression);
  if (ts.isCallExpression(target)) {
    const name = context.calleeName(target);
    if (name !== undefined && /^(node:)?timers\/promises\.setTimeout$/.test(name)) return 'setTimeout';
    if (name !== undefined && /^(node:)?timers\/promises\.scheduler\.wait$/.test(name)) return 'scheduler.wait';
    const callee = target.expression;
    const last = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (last !== undefined && SLEEP_NAMES.test(last)) return last;
    return undefined;
  }
  // await new Promise((resolve) => setTimeout(resolve, n))
  if (ts.isNewExpression(target) && context.qualifiedName(target.expression) === 'Promise') {
    const executor = target.arguments?.[0] ? unwrapExpression(target.arguments[0]) : undefined;
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
    const calls = scriptCallsIn(executor.body);
    if (calls.length === 1 && context.calleeName(calls[0]) === 'setTimeout') return 'setTimeout';
  }
  return undefined;
}

/** The condition of `if (ready) break;` (or `return`, without awaiting), with no `else`. */
function scriptExitTest(statement: ts.Statement): ts.Expression | undefined {
  if (!ts.isIfStatement(statement) || statement.elseStatement) return undefined;
  const body = scriptStatements(statement.thenStatement);
  if (body.length !== 1) return undefined;
  const exit = body[0];
  if (!(ts.isBreakStatement(exit) && !exit.label) && !ts.isReturnStatement(exit)) return undefined;
  if (containsScriptAwait(exit)) return undefined;
  return statement.expression;
}

/** Mirrors the Python reading: some test reads program state; none awaits or calls anything but a clock. */
function scriptPollsProgramState(conditions: readonly ts.Expression[], context: TypeScriptContext): boolean {
  let readsState = false;
  for (const operand of conditions.flatMap(scriptOperands)) {
    if (containsScriptAwait(operand)) return false;
    const calls = scriptCallsIn(operand);
    if (calls.some((call) => isScriptClockCall(call, context))) {
      if (calls.every((call) => isScriptClockCall(call, context))) continue;
      return false;
    }
    if (calls.length > 0) return false;
    readsState = true;
  }
  return readsState;
}

const scriptLoopVisitor = (node: ts.Node, context: TypeScriptContext): void => {
  const loop = scriptLoop(node);
  if (!loop) return;
  const body = scriptStatements(loop.body);
  const keyword = node.getFirstToken(context.sourceFile) ?? node;
  // A synchronous spin: `while (Date.now() < end) {}` holds the thread until the deadline.
  if (body.length === 0 && loop.condition && !containsScriptAwait(loop.condition)) {
    const calls = scriptCallsIn(loop.condition);
    if (calls.length > 0 && calls.every((call) => isScriptClockCall(call, context))) {
      context.report(
        keyword,
        'This loop spins on the clock: it blocks the event loop (every request, timer and callback) until the deadline passes; await a timer (`setTimeout` from `timers/promises`) instead',
      );
    }
    return;
  }
  if (!context.inAsyncContext) return;
  const conditions = isAlwaysTrueScript(loop.condition) ? [] : [loop.condition!];
  let sleep: string | undefined;
  for (const statement of body) {
    const awaited = scriptAwaitedSleep(statement, context);
    const test = awaited === undefined ? scriptExitTest(statement) : undefined;
    if (awaited !== undefined && sleep !== undefined) return;
    if (awaited !== undefined) sleep = awaited;
    else if (test) conditions.push(test);
    else return;
  }
  if (sleep === undefined || !scriptPollsProgramState(conditions, context)) return;
  context.report(
    keyword,
    `This loop polls its condition with \`${sleep}()\`; have the code that changes the state resolve a promise or emit an event (\`events.once\`) and await that instead`,
  );
};

// A polling loop wakes up for nothing most of the time and still notices the change late.
export const busyWait: Rule = {
  meta: {
    id: 'busy-wait',
    title: 'Polling loop waiting for a condition',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'information',
    enabledByDefault: true,
    aliases: ['ASYNC110'],
    checklist: 'no-busy-waiting',
    fixable: false,
    docs: {
      summary:
        'Finds loops in async functions that do nothing but sleep until a condition holds: ' +
        '`while not ready: await asyncio.sleep(0.1)` in Python, `while (!ready) await sleep(100)` in TypeScript and ' +
        'JavaScript, or an endless loop with an `if ready: break` test and a sleep. In TypeScript and JavaScript it also ' +
        'finds empty loops that spin on the clock (`while (Date.now() < end) {}`).',
      why:
        'The loop wakes up on every interval only to find nothing changed, costing a scheduler round trip (and, with ' +
        '`sleep(0)`, a busy CPU), and it still notices the change up to one interval late. Under load, many such ' +
        'waiters add latency and load for no work. An event wakes the waiter exactly when the state changes. ' +
        'A spin on `Date.now()` is far worse: nothing else runs on the thread until the deadline, so every request, ' +
        'timer and I/O callback in the process stalls for the whole wait.',
      fix:
        'Have the code that changes the state set an `asyncio.Event` (`trio.Event`, `anyio.Event`) and `await ' +
        'event.wait()` instead of the loop. For a condition over shared state, use `asyncio.Condition` and ' +
        '`await condition.wait_for(predicate)`; for a task, await the task itself. In TypeScript and JavaScript, have ' +
        'the producer resolve a promise (or emit an event and `await once(emitter, name)`) and await it; replace a ' +
        'clock spin with `await setTimeout(ms)` from `timers/promises`.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nclass Worker:\n    async def wait_until_ready(self):\n        while not self.ready:\n' +
            '            await asyncio.sleep(0.1)',
          good:
            'import asyncio\n\nclass Worker:\n    def __init__(self):\n        self.ready = asyncio.Event()\n\n' +
            '    async def wait_until_ready(self):\n        await self.ready.wait()',
        },
        typescript: {
          bad:
            'import { setTimeout as sleep } from "node:timers/promises";\n\nexport class Worker {\n  ready = false;\n\n' +
            '  async waitUntilReady(): Promise<void> {\n    while (!this.ready) await sleep(100);\n  }\n}',
          good:
            'import { EventEmitter, once } from "node:events";\n\nexport class Worker extends EventEmitter {\n' +
            '  ready = false;\n\n  async waitUntilReady(): Promise<void> {\n    if (!this.ready) await once(this, "ready");\n  }\n}',
        },
      },
      notes:
        'Left alone: loops that do anything besides sleeping once and testing (fetching, processing, retrying with ' +
        'backoff, sleeping twice); conditions that await or call an imported function (`os.path.exists(path)`), since they poll ' +
        'the outside world, which no event can signal; loops that only wait for a clock ' +
        '(`while time.monotonic() < deadline`); and `while True:` loops that only sleep, which keep a task alive ' +
        'rather than wait for anything. A deadline test next to a state test (`while not done and loop.time() < ' +
        'deadline`) does not hide the poll: the deadline belongs in a timeout scope around an event wait. ' +
        'flake8-async and Ruff report any `while` whose body is a single sleep; this rule also covers the ' +
        '`while True:` with `if ...: break` form, applies to asyncio as well as trio and AnyIO, and follows import ' +
        'aliases (`import trio as t`), which flake8-async does not. `lowlevel.checkpoint()` and `sleep_until()` count ' +
        'as sleeps, as there. In TypeScript and ' +
        'JavaScript the same choices hold: `timers/promises` `setTimeout`, `new Promise((r) => setTimeout(r, n))` ' +
        'and helpers named `sleep`/`delay`/`wait` count as sleeps, and a condition that calls anything but a clock ' +
        'is left alone. A clock spin is reported anywhere, in sync code too, though only at this rule\'s severity: ' +
        'its message says that it blocks the event loop.',
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
  typescript: {
    [ts.SyntaxKind.WhileStatement]: scriptLoopVisitor,
    [ts.SyntaxKind.DoStatement]: scriptLoopVisitor,
    [ts.SyntaxKind.ForStatement]: scriptLoopVisitor,
  },
};
