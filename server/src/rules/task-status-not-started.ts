import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../engine/python/context';
import { isAsyncFunction } from '../engine/python/symbols';
import {
  containsAwait,
  derivedNames,
  descendantsInScope,
  handlerBody,
  isAlwaysTrue,
  isNameRead,
  keywordArgument,
  parameterName,
  withManagers,
  withTarget,
} from '../engine/python/syntax';
import type { Rule } from '../engine/rule';
import { QUIET_SCOPES } from './support/scopes';
import { SLEEP_FOREVER } from './support/sleeps';
import { taskStatusOf } from './support/startables';
import { isStubBody } from './support/stubs';

const CALL = new Set(['call']);
const ASSIGNMENTS = new Set(['assignment']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda']);
const HANDLER_TYPES = new Set(['except_clause', 'except_group_clause']);
const NON_STATEMENTS = new Set(['comment']);

/** Context managers that can end their block quietly, so the code after it runs with the block cut short. */
const SWALLOWING_MANAGERS: ReadonlySet<string> = new Set([...QUIET_SCOPES, 'contextlib.suppress']);

/**
 * Whether `task_status.started()` has been called where control is: unreachable, called on every
 * path that gets here, or possibly not yet. Merging paths keeps the worst (the largest).
 */
type Started = 0 | 1 | 2;
const Started = { Unreachable: 0, Yes: 1, MaybeNot: 2 } as const;

interface Flow {
  /** How control leaves the statements at their end. */
  readonly end: Started;
  /** How it leaves them through a `break` of the loop around them. */
  readonly breaks: Started;
  /** Some statement may run, and so raise or be cancelled, before `started()` was called. */
  readonly exposed: boolean;
}

const DIVERTS: Flow = { end: Started.Unreachable, breaks: Started.Unreachable, exposed: false };

function max(...values: Started[]): Started {
  return Math.max(Started.Unreachable, ...values) as Started;
}

/**
 * Follows the paths through a startable function's body, recording the `return` statements,
 * endless loops and `sleep_forever()` calls reached before `task_status.started()` has surely
 * been called.
 */
class StartupPaths {
  readonly returns: Node[] = [];
  readonly waitsForever: Node[] = [];

  constructor(
    /** The task status parameter and the names bound from it. */
    private readonly statusNames: ReadonlySet<string>,
    private readonly context: PythonContext,
  ) {}

  block(block: Node | null | undefined, entry: Started): Flow {
    let end = entry;
    let breaks: Started = Started.Unreachable;
    let exposed = false;
    for (const statement of block?.namedChildren ?? []) {
      if (!statement || NON_STATEMENTS.has(statement.type)) continue;
      // Statements after a return, raise or endless loop never run: nothing in them is reported.
      if (end === Started.Unreachable) break;
      const flow = this.statement(statement, end);
      end = flow.end;
      breaks = max(breaks, flow.breaks);
      exposed ||= flow.exposed;
    }
    return { end, breaks, exposed };
  }

  private statement(statement: Node, entry: Started): Flow {
    const unstarted = entry === Started.MaybeNot;
    switch (statement.type) {
      case 'return_statement':
        if (this.startsHere(statement)) return DIVERTS;
        if (unstarted) this.returns.push(statement);
        return { ...DIVERTS, exposed: unstarted };
      case 'raise_statement':
        // `start()` re-raises what the function raises before `started()`: the caller sees why.
        return { ...DIVERTS, exposed: unstarted };
      case 'break_statement':
        return { ...DIVERTS, breaks: entry };
      case 'continue_statement':
        return DIVERTS;
      case 'if_statement':
        return this.branches(statement, entry);
      case 'match_statement':
        return this.cases(statement, entry);
      case 'try_statement':
        return this.tryStatement(statement, entry);
      case 'while_statement':
      case 'for_statement':
        return this.loop(statement, entry);
      case 'with_statement':
        return this.withStatement(statement, entry);
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'pass_statement':
        return { end: entry, breaks: Started.Unreachable, exposed: false };
      default:
        if (this.startsHere(statement)) return { end: Started.Yes, breaks: Started.Unreachable, exposed: false };
        if (this.sleepsForever(statement)) {
          if (unstarted) this.waitsForever.push(statement);
          return { ...DIVERTS, exposed: unstarted };
        }
        return { end: entry, breaks: Started.Unreachable, exposed: unstarted };
    }
  }

  private branches(statement: Node, entry: Started): Flow {
    const flows = [this.block(statement.childForFieldName('consequence'), entry)];
    let hasElse = false;
    for (const alternative of statement.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      hasElse ||= alternative.type === 'else_clause';
      const body = alternative.type === 'else_clause' ? alternative.childForFieldName('body') : alternative.childForFieldName('consequence');
      flows.push(this.block(body, entry));
    }
    return merged(flows, hasElse ? Started.Unreachable : entry, entry === Started.MaybeNot);
  }

  /** A `match` may match none of its cases; which pattern catches everything is not worked out here. */
  private cases(statement: Node, entry: Started): Flow {
    const clauses = statement.childForFieldName('body')?.namedChildren.filter((child): child is Node => child?.type === 'case_clause') ?? [];
    const flows = clauses.map((clause) => this.block(clause.childForFieldName('consequence'), entry));
    return merged(flows, entry, entry === Started.MaybeNot);
  }

  /**
   * A handler runs after any statement of the body raised: before `started()` when one of them
   * ran before it. A `finally` that always calls `started()` covers the returns before it.
   */
  private tryStatement(statement: Node, entry: Started): Flow {
    const parts = statement.namedChildren.filter((part): part is Node => part !== null);
    const finalBlock = parts.find((part) => part.type === 'finally_clause')?.namedChildren.find((child) => child?.type === 'block');
    const returnsBefore = this.returns.length;
    const body = this.block(statement.childForFieldName('body'), entry);
    const handlerEntry = body.exposed ? Started.MaybeNot : entry === Started.Unreachable ? Started.Unreachable : Started.Yes;
    const orElse = parts.find((part) => part.type === 'else_clause');
    const completed = orElse ? this.block(orElse.childForFieldName('body'), body.end) : body;
    const flows = [{ ...completed, exposed: body.exposed || completed.exposed }];
    for (const part of parts) if (HANDLER_TYPES.has(part.type)) flows.push(this.block(handlerBody(part), handlerEntry));
    const result = merged(flows, Started.Unreachable, false);
    if (!finalBlock) return result;
    if (new StartupPaths(this.statusNames, this.context).block(finalBlock, Started.MaybeNot).end === Started.Yes) {
      this.returns.length = returnsBefore;
      const final = this.block(finalBlock, Started.MaybeNot);
      return { ...final, end: result.end === Started.Unreachable ? Started.Unreachable : final.end, exposed: result.exposed };
    }
    const final = this.block(finalBlock, max(result.end, result.exposed ? Started.MaybeNot : Started.Unreachable, entry));
    return {
      end: final.end === Started.Unreachable ? Started.Unreachable : result.end,
      breaks: max(result.breaks, final.breaks),
      exposed: result.exposed || final.exposed,
    };
  }

  /**
   * The body may run zero times, except in `while True:`, which ends only through a `break`;
   * an `else:` runs when the loop ends without one. An endless loop entered before `started()`
   * whose body never calls it keeps the caller of `start()` waiting for good.
   */
  private loop(statement: Node, entry: Started): Flow {
    const bodyNode = statement.childForFieldName('body');
    const body = this.block(bodyNode, entry);
    const exposed = entry === Started.MaybeNot || body.exposed;
    if (statement.type === 'while_statement' && isAlwaysTrue(statement.childForFieldName('condition'))) {
      if (body.breaks === Started.Unreachable && entry === Started.MaybeNot && !(bodyNode && this.startsHere(bodyNode))) {
        this.waitsForever.push(statement);
      }
      return { end: body.breaks, breaks: Started.Unreachable, exposed };
    }
    const orElse = statement.childForFieldName('alternative');
    const elseFlow = orElse ? this.block(orElse.childForFieldName('body'), entry) : undefined;
    return { end: max(elseFlow?.end ?? entry, body.breaks), breaks: elseFlow?.breaks ?? Started.Unreachable, exposed };
  }

  /** A scope that can cut its block short (`move_on_after`, `CancelScope`, `suppress`) lets control past it unstarted. */
  private withStatement(statement: Node, entry: Started): Flow {
    const bodyNode = statement.childForFieldName('body');
    const body = this.block(bodyNode, entry);
    const swallows = withManagers(statement).some((manager) => canEndQuietly(manager, this.context)) && this.checkpointsBeforeStart(bodyNode);
    const exposed = entry === Started.MaybeNot || body.exposed;
    if (!swallows || entry === Started.Unreachable) return { ...body, exposed };
    return { ...body, end: max(body.end, body.exposed ? Started.MaybeNot : Started.Yes), exposed };
  }

  /** `await trio.sleep_forever()` as a statement of its own. */
  private sleepsForever(statement: Node): boolean {
    const awaited = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const call = awaited?.type === 'await' ? awaited.firstNamedChild : null;
    const name = call?.type === 'call' ? this.context.calleeName(call) : undefined;
    return name !== undefined && SLEEP_FOREVER.has(name);
  }

  /** True when the node's own code calls `started()` on the task status or hands the status on to another call. */
  startsHere(node: Node): boolean {
    const calls = descendantsInScope(node, CALL);
    if (node.type === 'call') calls.push(node);
    return calls.some((call) => this.isStartCall(call)) || this.storesStatus(node);
  }

  private isStartCall(call: Node): boolean {
    const callee = call.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    if (object?.type === 'identifier' && this.statusNames.has(object.text) && callee?.childForFieldName('attribute')?.text === 'started') {
      return true;
    }
    return (call.childForFieldName('arguments')?.namedChildren ?? []).some((argument) => {
      const value = argument?.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
      return value?.type === 'identifier' && this.statusNames.has(value.text);
    });
  }

  /** The status stored somewhere (`wrapper.real_status = task_status`): whoever holds it may start it. */
  private storesStatus(node: Node): boolean {
    return descendantsInScope(node, ASSIGNMENTS).some((assignment) => {
      const value = assignment.childForFieldName('right');
      return assignment.childForFieldName('left')?.type !== 'identifier' && value?.type === 'identifier' && this.statusNames.has(value.text);
    });
  }

  /**
   * True when the block may be cut short before it starts: a scope ends early only at a
   * checkpoint, so a block that starts before its first await cannot end unstarted.
   */
  private checkpointsBeforeStart(block: Node | null): boolean {
    for (const statement of block?.namedChildren ?? []) {
      if (!statement || NON_STATEMENTS.has(statement.type)) continue;
      if (this.startsHere(statement)) return false;
      if (containsAwait(statement)) return true;
    }
    return true;
  }
}

function merged(flows: readonly Flow[], fallThrough: Started, exposed: boolean): Flow {
  return {
    end: max(fallThrough, ...flows.map((flow) => flow.end)),
    breaks: max(...flows.map((flow) => flow.breaks)),
    exposed: exposed || flows.some((flow) => flow.exposed),
  };
}

/**
 * A context manager that can end its block early without raising: a `move_on` timeout, a
 * `CancelScope` that has a deadline or a name to be cancelled through, or `suppress()`.
 */
function canEndQuietly(manager: Node, context: PythonContext): boolean {
  const name = manager.type === 'call' ? context.calleeName(manager) : undefined;
  if (name === undefined || !SWALLOWING_MANAGERS.has(name)) return false;
  if (!name.endsWith('.CancelScope')) return true;
  return keywordArgument(manager, 'deadline') !== undefined || withTarget(manager) !== undefined;
}

/**
 * True when a function or lambda nested in the body reads the task status (and does not bind
 * the name itself): it may call `started()` whenever it runs, which is not followed here.
 */
function nestedScopeUses(body: Node, statusNames: ReadonlySet<string>): boolean {
  return descendantsInScope(body, NESTED_SCOPES).some((scope) => {
    const parameters = scope.childForFieldName('parameters')?.namedChildren ?? [];
    if (parameters.some((parameter) => parameter && statusNames.has(parameterName(parameter) ?? ''))) return false;
    return scope.descendantsOfType('identifier').some((identifier) => identifier !== null && statusNames.has(identifier.text) && isNameRead(identifier));
  });
}

// `await nursery.start(fn)` returns when fn calls task_status.started(), and only then.
export const taskStatusNotStarted: Rule = {
  meta: {
    id: 'task-status-not-started',
    title: 'Startable function can finish without task_status.started()',
    languages: ['python'],
    severity: 'warning',
    enabledByDefault: true,
    aliases: ['ASYNC128'],
    checklist: 'startup-signalled',
    fixable: false,
    docs: {
      summary:
        'Finds async functions that take a task status (a `task_status` parameter, or one annotated `TaskStatus`) and ' +
        'never call `task_status.started()`, or can `return`, reach their end, enter an endless loop or ' +
        '`sleep_forever()` without having called it.',
      why:
        '`await nursery.start(fn)` (trio) or `await task_group.start(fn)` (AnyIO) waits until `fn` calls ' +
        '`task_status.started()`. If `fn` returns first, `start()` raises `RuntimeError: child exited without calling ' +
        'task_status.started()`, which says nothing about why startup did not happen; if it goes on running without ' +
        'calling it (a serve loop, a `move_on_after()` scope that timed out), the caller waits forever and the ' +
        'program hangs at startup.',
      fix:
        'Call `task_status.started()` (with the value callers need, such as the listeners) as soon as the service ' +
        'is ready, on every path, before its main loop. When startup cannot succeed, raise an exception instead of ' +
        'returning: `start()` re-raises it in the caller.',
      examples: {
        python: {
          bad:
            'import trio\n\nasync def serve_metrics(port, *, task_status=trio.TASK_STATUS_IGNORED):\n' +
            '    if port is None:\n        return\n    listeners = await trio.open_tcp_listeners(port)\n' +
            '    task_status.started(listeners)\n    await trio.serve_listeners(handle_metrics, listeners)',
          good:
            'import trio\n\nasync def serve_metrics(port, *, task_status=trio.TASK_STATUS_IGNORED):\n' +
            '    if port is None:\n        raise ValueError("no metrics port configured")\n' +
            '    listeners = await trio.open_tcp_listeners(port)\n    task_status.started(listeners)\n' +
            '    await trio.serve_listeners(handle_metrics, listeners)',
        },
      },
      notes:
        'A function that never calls `started()` is reported once, at its name, as flake8-async does; stub bodies ' +
        '(`...`, `pass`, a docstring, a `raise`) and plain `def` functions are left alone. Unlike flake8-async, the ' +
        'paths are followed: a `return`, the end of the function, a `while True:` loop without `break` or a ' +
        '`sleep_forever()` reached before `started()` is reported too. So a call only under an `if`, in a loop that ' +
        'may not run, in a `match` case (a `match` may match nothing), or inside a `move_on_after()`, ' +
        '`CancelScope()` or `suppress()` block that can end early does not cover the paths around it; a `raise` ' +
        'needs no `started()`. Handing the status on to another call (`await trio.serve_tcp(..., ' +
        'task_status=task_status)`) counts as starting, and so does calling `started()` through a name assigned ' +
        'from the parameter; flake8-async reports both. A function whose nested function or lambda uses the status ' +
        'is left alone, since when that runs is not followed.',
    },
  },
  python: {
    function_definition(node, context) {
      const name = node.childForFieldName('name');
      const body = node.childForFieldName('body');
      const status = isAsyncFunction(node) ? taskStatusOf(node) : undefined;
      if (!name || !body || !status || isStubBody(body)) return;
      const statusNames = derivedNames(body, [status.name]);
      if (nestedScopeUses(body, statusNames)) return;
      const call = `${status.name}.started()`;
      const paths = new StartupPaths(statusNames, context);
      if (!paths.startsHere(body)) {
        context.report(
          name,
          `\`${name.text}\` takes \`${status.name}\` but never calls \`${call}\`, so \`start()\` on it fails or waits forever; ` +
            'call it once the function is ready',
        );
        return;
      }
      const flow = paths.block(body, Started.MaybeNot);
      for (const early of paths.returns) {
        context.report(early, `This \`return\` can run before \`${call}\`, so \`start()\` raises RuntimeError; call it first, or raise an exception instead`);
      }
      for (const wait of paths.waitsForever) {
        const [what, before] = wait.type === 'while_statement' ? ['This endless loop', 'the loop'] : ['This `sleep_forever()`', 'sleeping'];
        context.report(wait, `${what} can be reached before \`${call}\`, so \`start()\` would wait forever; call it before ${before}`);
      }
      if (flow.end === Started.MaybeNot) {
        context.report(name, `\`${name.text}\` can reach its end without calling \`${call}\`, so \`start()\` raises RuntimeError; call it on every path, or raise when startup fails`);
      }
    },
  },
};
