import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { exceptBoundName, handlerBody, indentationOf, isAlwaysTrue, raisedExpression } from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { CANCELLATION_SPELLING, type CancellationCatch, cancellationCaught, cancellationReaching } from './support/cancellation';
import { iteratesAtLeastOnce } from './support/checkpoint-flow';

const HANDLER_TYPES = new Set(['except_clause', 'except_group_clause']);

/** A way out of the handler that drops the cancellation instead of re-raising it. */
interface LossyExit {
  node: Node;
  /** What the statement does, for the message: "returns", "raises another exception"... */
  does: string;
}

/** How control can leave a run of statements, as far as re-raising is concerned. */
interface Flow {
  /** Control can reach the end of the statements. */
  completes: boolean;
  /** A `break` of a loop inside the handler can be reached. */
  breaks: boolean;
  /** A `continue` of a loop inside the handler can be reached: the loop goes on to its next iteration. */
  continues: boolean;
}

const DIVERTS: Flow = { completes: false, breaks: false, continues: false };

/**
 * Follows the paths through a handler's statements. A path ends well at a bare `raise` or
 * `raise <the bound name>`; `return`, `break`/`continue` out of the handler and raising
 * anything else end it badly (collected in `lossy`); a path that reaches the end of the
 * handler swallows the cancellation too.
 */
class HandlerPaths {
  readonly lossy: LossyExit[] = [];

  /** The names whose `raise` re-raises: the handler's own, and that of a nested handler of cancellation being walked. */
  private readonly reraisable: string[];

  constructor(
    boundName: string | undefined,
    private readonly context: PythonContext,
  ) {
    this.reraisable = boundName === undefined ? [] : [boundName];
  }

  block(block: Node | null | undefined, loopDepth: number): Flow {
    const flow: Flow = { completes: true, breaks: false, continues: false };
    for (const statement of block?.namedChildren ?? []) {
      if (!statement || statement.type === 'comment') continue;
      // Statements after a raise or return never run: nothing in them is reported.
      if (!flow.completes) break;
      const next = this.statement(statement, loopDepth);
      flow.completes = next.completes;
      flow.breaks ||= next.breaks;
      flow.continues ||= next.continues;
    }
    return flow;
  }

  private statement(statement: Node, loopDepth: number): Flow {
    switch (statement.type) {
      case 'raise_statement':
        if (!this.reraises(statement)) this.lossy.push({ node: statement, does: 'raises another exception' });
        return DIVERTS;
      case 'return_statement':
        this.lossy.push({ node: statement, does: 'returns' });
        return DIVERTS;
      case 'break_statement':
        if (loopDepth === 0) this.lossy.push({ node: statement, does: 'breaks out of the loop' });
        return { completes: false, breaks: loopDepth > 0, continues: false };
      case 'continue_statement':
        if (loopDepth === 0) this.lossy.push({ node: statement, does: 'continues the loop' });
        return { completes: false, breaks: false, continues: loopDepth > 0 };
      case 'if_statement':
        return this.branches(statement, loopDepth);
      case 'match_statement':
        return this.cases(statement, loopDepth);
      case 'try_statement':
        return this.tryStatement(statement, loopDepth);
      case 'while_statement':
      case 'for_statement':
        return this.loop(statement, loopDepth);
      case 'with_statement':
        // A context manager could suppress the raise (`contextlib.suppress`); rare enough to ignore.
        return this.block(statement.childForFieldName('body'), loopDepth);
      default:
        return this.handsToRaiser(statement) ? DIVERTS : { completes: true, breaks: false, continues: false };
    }
  }

  /**
   * `self._convert_error(exc)` / `reraise(exc)`: the caught exception passed to a function of this
   * module declared never to return (`-> NoReturn` or `-> Never`), which raises it or another.
   */
  private handsToRaiser(statement: Node): boolean {
    const call = this.context.statementCall(statement);
    const callee = call?.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
    const passesCaught = (call?.childForFieldName('arguments')?.namedChildren ?? []).some(
      (argument) => argument?.type === 'identifier' && this.reraisable.includes(argument.text),
    );
    return name !== undefined && passesCaught && neverReturningFunctions(statement).has(name);
  }

  /** A bare `raise`, or `raise e` (with any `from`) where `e` is the name the handler (or a nested handler of cancellation) binds. */
  private reraises(statement: Node): boolean {
    const raised = raisedExpression(statement);
    return !raised || (raised.type === 'identifier' && this.reraisable.includes(raised.text));
  }

  private branches(statement: Node, loopDepth: number): Flow {
    const flows = [this.block(statement.childForFieldName('consequence'), loopDepth)];
    let hasElse = false;
    for (const alternative of statement.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      hasElse ||= alternative.type === 'else_clause';
      const body = alternative.type === 'else_clause' ? alternative.childForFieldName('body') : alternative.childForFieldName('consequence');
      flows.push(this.block(body, loopDepth));
    }
    return merge(flows, !hasElse);
  }

  /** A `match` completes unless every case diverts and one case matches anything (`case _:`). */
  private cases(statement: Node, loopDepth: number): Flow {
    const cases = statement.childForFieldName('body')?.namedChildren.filter((child): child is Node => child?.type === 'case_clause') ?? [];
    const flows = cases.map((clause) => this.block(clause.childForFieldName('consequence'), loopDepth));
    return merge(flows, !cases.some(isIrrefutable));
  }

  /**
   * Any statement of the `try` body may raise into its handlers, so the `try` completes when
   * its body (and `else`) or any of its handlers does, and a `finally` that always diverts
   * decides alone.
   */
  private tryStatement(statement: Node, loopDepth: number): Flow {
    const body = this.block(statement.childForFieldName('body'), loopDepth);
    const flows = [body];
    let orElse: Flow | undefined;
    let final: Flow | undefined;
    for (const part of statement.namedChildren) {
      if (!part) continue;
      if (HANDLER_TYPES.has(part.type)) flows.push(this.nestedHandler(part, loopDepth));
      else if (part.type === 'else_clause') orElse = this.block(part.childForFieldName('body'), loopDepth);
      else if (part.type === 'finally_clause') final = this.block(part.namedChildren.find((child) => child?.type === 'block'), loopDepth);
    }
    if (orElse) {
      flows[0] = { completes: body.completes && orElse.completes, breaks: body.breaks || orElse.breaks, continues: body.continues || orElse.continues };
    }
    const merged = merge(flows, false);
    if (!final) return merged;
    return { completes: merged.completes && final.completes, breaks: merged.breaks || final.breaks, continues: merged.continues || final.continues };
  }

  /**
   * A handler nested in the one checked. When it catches cancellation itself, what it binds is
   * that cancellation too, so raising it re-raises (its own check reports what else it does).
   */
  private nestedHandler(clause: Node, loopDepth: number): Flow {
    const own = cancellationCaught(clause, this.context) ? exceptBoundName(clause) : undefined;
    if (own !== undefined) this.reraisable.push(own);
    const flow = this.block(handlerBody(clause), loopDepth);
    if (own !== undefined) this.reraisable.pop();
    return flow;
  }

  /**
   * The loop body may not run at all, except in `while True:`, which only ends through a
   * `break`, and in a `for` over a literal that is not empty (`[1, 2]`, `range(3)`), which ends
   * on its first run unless that run completes or continues. An `else:` runs when the loop
   * ends without a `break`.
   */
  private loop(statement: Node, loopDepth: number): Flow {
    const body = this.block(statement.childForFieldName('body'), loopDepth + 1);
    const orElse = statement.childForFieldName('alternative');
    const elseFlow = orElse ? this.block(orElse.childForFieldName('body'), loopDepth) : undefined;
    const endless = statement.type === 'while_statement' && isAlwaysTrue(statement.childForFieldName('condition'));
    const iterable = statement.type === 'for_statement' ? statement.childForFieldName('right') : null;
    const runsOnce = iterable !== null && iteratesAtLeastOnce(iterable, this.context);
    const exhausts = !endless && (!runsOnce || body.completes || body.continues);
    const endsNormally = exhausts && (elseFlow?.completes ?? true);
    return { completes: endsNormally || body.breaks, breaks: elseFlow?.breaks ?? false, continues: elseFlow?.continues ?? false };
  }
}

const NEVER_RETURNS = /(?:^|\.)(?:NoReturn|Never)$/;
const FUNCTIONS = new Set(['function_definition']);

/** Names of the module's functions and methods annotated `-> NoReturn` or `-> Never`. */
function neverReturningFunctions(node: Node): Set<string> {
  const names = new Set<string>();
  for (const fn of node.tree.rootNode.descendantsOfType([...FUNCTIONS])) {
    const returns = fn?.childForFieldName('return_type')?.text;
    const name = fn?.childForFieldName('name')?.text;
    if (name && returns && NEVER_RETURNS.test(returns.replace(/^["']|["']$/g, ''))) names.add(name);
  }
  return names;
}

function merge(flows: readonly Flow[], fallsThrough: boolean): Flow {
  return {
    completes: fallsThrough || flows.some((flow) => flow.completes),
    breaks: flows.some((flow) => flow.breaks),
    continues: flows.some((flow) => flow.continues),
  };
}

function isIrrefutable(clause: Node): boolean {
  if (clause.childForFieldName('guard')) return false;
  const patterns = clause.namedChildren.filter((child): child is Node => child?.type === 'case_pattern');
  return patterns.length === 1 && /^[A-Za-z_]\w*$/.test(patterns[0].text) && !['True', 'False', 'None'].includes(patterns[0].text);
}

/** How the message names what the handler catches. */
function caughtText(caught: CancellationCatch): string {
  return caught.node.type === 'except' ? 'A bare `except:`' : `\`except ${caught.node.text}\``;
}

/**
 * Unsafe: ends a handler of the cancellation class itself with a bare `raise`, so every path
 * that fell off its end now re-raises: a final `pass` becomes the `raise`, otherwise a line is
 * appended at the handler's indentation (not offered when the handler starts on the `except`
 * line). Never offered for catch-all handlers, where it would re-raise every other error too.
 */
function reraiseFix(clause: Node, body: Node, context: PythonContext): Fix[] {
  const statements = body.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  const first = statements[0];
  const last = statements[statements.length - 1];
  if (!first || !last) return [];
  const title = 'Re-raise the cancellation at the end of the handler';
  if (last.type === 'pass_statement') return [{ title, safe: false, edits: [context.replace(last, 'raise')] }];
  const indent = first.startPosition.row === clause.startPosition.row ? undefined : indentationOf(first, context.lines);
  if (indent === undefined) return [];
  const row = last.endPosition.row;
  const end = { line: row, character: context.lines.lineText(row).length };
  return [{ title, safe: false, edits: [{ range: { start: end, end }, newText: `${context.lines.eol}${indent}raise` }] }];
}

/**
 * `task.cancel()` followed by `try: await task` is how a task is stopped and waited for: the
 * `CancelledError` its handler takes comes from that task, which was just told to stop.
 */
function awaitsJustCancelledTask(statement: Node, context: PythonContext): boolean {
  const body = statement.childForFieldName('body')?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
  const awaited = body.length === 1 && body[0]?.type === 'expression_statement' ? body[0].firstNamedChild : null;
  const task = awaited?.type === 'await' ? awaited.firstNamedChild : null;
  let previous = statement.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  const cancel = previous ? context.statementCall(previous)?.childForFieldName('function') : undefined;
  return (
    task !== null &&
    cancel?.type === 'attribute' &&
    cancel.childForFieldName('attribute')?.text === 'cancel' &&
    cancel.childForFieldName('object')?.text === task.text
  );
}

function checkHandler(clause: Node, caught: CancellationCatch, context: PythonContext): void {
  const body = handlerBody(clause);
  if (!body) return;
  const paths = new HandlerPaths(exceptBoundName(clause), context);
  const flow = paths.block(body, 0);
  const what = caughtText(caught);
  if (caught.kind === 'cancellation') {
    for (const exit of paths.lossy) {
      const message = `${what} catches cancellation and ${exit.does} here, so the cancellation is lost; re-raise it with a bare \`raise\``;
      context.report(exit.node, message);
    }
    if (!flow.completes) return;
    const message = `${what} catches cancellation and can finish without re-raising it; end the handler with a bare \`raise\``;
    context.report(caught.node, message, { fixes: reraiseFix(clause, body, context) });
    return;
  }
  const cancellation = CANCELLATION_SPELLING[context.library];
  const advice = `add \`except ${cancellation}: raise\` before it`;
  for (const exit of paths.lossy) {
    context.report(exit.node, `${what} also catches \`${cancellation}\` and ${exit.does} here, so the cancellation is lost; ${advice}`);
  }
  if (flow.completes) {
    context.report(caught.node, `${what} also catches \`${cancellation}\` and can finish without re-raising it; ${advice}, or re-raise`);
  }
}

// Cancellation arrives as an exception; a handler that eats it leaves the task running after
// its canceller (a timeout, a task group, shutdown) has moved on.
export const cancellationSwallowed: Rule = {
  meta: {
    id: 'cancellation-swallowed',
    title: 'Cancellation caught and not re-raised',
    languages: ['python'],
    severity: 'error',
    enabledByDefault: true,
    aliases: ['ASYNC103', 'ASYNC104'],
    checklist: 'cancellation-propagates',
    fixable: true,
    docs: {
      summary:
        'Finds `except` clauses in async functions that catch cancellation (`asyncio.CancelledError`, ' +
        '`trio.Cancelled`, `anyio.get_cancelled_exc_class()`, `BaseException` or a bare `except:`) and then finish, ' +
        '`return`, `break`, `continue` or raise a different exception instead of re-raising it.',
      why:
        'Cancelling a task delivers an exception at its next `await`; the task only stops if that exception ' +
        'propagates. A handler that swallows it keeps the task running after whoever cancelled it has moved on: ' +
        '`asyncio.timeout()` and `wait_for()` stop raising `TimeoutError`, a task group waits for a child that will not ' +
        'end, trio and AnyIO cancel scopes cannot unwind, and shutdown hangs on a worker that ignores `cancel()`. ' +
        'Raising a different exception instead turns a clean cancellation into an error.',
      fix:
        'Do the cleanup, then re-raise with a bare `raise` (or `raise exc` for the name the handler binds). To handle ' +
        'other exceptions with `except BaseException:` or a bare `except:`, put an `except asyncio.CancelledError: raise` ' +
        'clause (trio: `trio.Cancelled`, AnyIO: `anyio.get_cancelled_exc_class()`) before it. Prefer `except Exception:` ' +
        'where you mean errors: it does not catch cancellation.',
      examples: {
        python: {
          bad:
            'import asyncio\n\nasync def consume(queue):\n    try:\n        while True:\n            handle(await queue.get())\n' +
            '    except asyncio.CancelledError:\n        log.info("consumer stopped")',
          good:
            'import asyncio\n\nasync def consume(queue):\n    try:\n        while True:\n            handle(await queue.get())\n' +
            '    except asyncio.CancelledError:\n        log.info("consumer stopped")\n        raise',
        },
      },
      fixSafety:
        'Unsafe, offered as a suggestion only. For a handler of the cancellation class itself whose paths can reach ' +
        'its end, the fix ends it with a bare `raise` (a final `pass` becomes the `raise`). Callers that awaited the task expecting it to end quietly will now ' +
        'see the cancellation, which is correct but may need handling. No fix is offered for `BaseException` and bare ' +
        '`except:` handlers, where re-raising would also re-raise every other error, nor for `return`, `break`, ' +
        '`continue` or a different `raise`.',
      notes:
        'A handler counts as re-raising when every path through it reaches a bare `raise` or `raise <bound name>` ' +
        '(also inside `if`/`else`, `match` with a catch-all case, `try`/`finally`, `while True:` and a `for` over a ' +
        'literal that is not empty, such as `[1, 2]` or `range(3)`). Unlike flake8-async, passing the caught exception ' +
        'to a function of the same module annotated `-> NoReturn` or `-> Never` (`self._convert_error(exc)`, a helper ' +
        'that translates and raises) also counts as re-raising. A clause after one of the same `try` that already ' +
        'catches the cancellation (a catch-all, or the same library\'s class) never sees it and is left alone; a catch-all ' +
        'after any library\'s cancellation class is left alone too, as in flake8-async. ' +
        '`except Exception` does not catch cancellation on Python 3.8 and later and is never reported. ' +
        '`concurrent.futures.CancelledError` is not treated as cancellation: since Python 3.8 it is a different class ' +
        'from `asyncio.CancelledError`. Only handlers in `async def` bodies are checked (flake8-async also checks module ' +
        'level and plain functions): plain functions see a ' +
        'cancellation only when they read the result of a cancelled future, where handling it is the point. ' +
        'The shutdown idiom `task.cancel()` followed by `try: await task` / `except asyncio.CancelledError: pass` is ' +
        'left alone: the exception comes from the task that was just cancelled (on Python 3.11+, check ' +
        '`asyncio.current_task().cancelling()` there if the awaiting task may be cancelled at the same moment). ' +
        'Unlike flake8-async, a `return` or `break` is reported once, at the statement, and `yield` inside a handler ' +
        'is not reported. A `try` nested in the handler re-raises when its body and every handler of it do (flake8-async ' +
        'only trusts a `finally` there), and `raise <name>` in a nested handler that itself catches the cancellation ' +
        're-raises.',
    },
  },
  python: {
    try_statement(node, context) {
      if (!context.inAsyncContext) return;
      const stoppingTask = awaitsJustCancelledTask(node, context);
      for (const clause of node.namedChildren) {
        if (!clause || !HANDLER_TYPES.has(clause.type)) continue;
        // A clause after one that already takes the cancellation never sees it.
        const caught = cancellationReaching(clause, context);
        if (caught && !(caught.kind === 'cancellation' && stoppingTask)) checkHandler(clause, caught, context);
      }
    },
  },
};
