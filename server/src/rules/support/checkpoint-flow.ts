// Which paths through an async function run from one checkpoint to the next without passing
// another: the function's start or a `yield` to a `return`, a `yield` or the end; a timeout
// scope's entry to its end; an endless loop's start back to its start. A checkpoint is an
// `await`, each step of an `async for` (and its end), entering and leaving an `async with`, and
// an async comprehension; a `yield` hands control to a caller who may checkpoint. One walk over
// the function's statements answers all three questions, in time linear in its size.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import {
  caughtClasses,
  descendantsInScope,
  handlerBody,
  isAlwaysTrue,
  isAsyncStatement,
  unparenthesized,
  withManagers,
  withTarget,
} from '../../engine/python/syntax';
import { numericConstant } from './numbers';
import { timeoutScopeOf } from './scopes';
import { taskGroupOf, mayStartChildren } from './task-groups';

/**
 * What may have run since the last checkpoint on some path. `entry` and `yield` are where
 * such a stretch starts. A `scope` marks a timeout scope entered with no checkpoint since.
 * A `loop` placeholder stands for whatever reaches the head of a loop while its body is being
 * walked, and is replaced once the loop is done. `cancel` origins survive a bare schedule point
 * (a task group's entry, a `return`): only a real cancel point removes them.
 */
interface Origin {
  readonly kind: 'entry' | 'yield' | 'scope' | 'loop';
  readonly cancel: boolean;
  readonly node?: Node;
}

/** Origins reaching a point, or null where no path reaches it. */
type State = ReadonlySet<Origin> | null;

const ENTRY: Origin = { kind: 'entry', cancel: false };

/** Where a run of code without a checkpoint starts: the function's start, or a `yield`. */
export type FlowOrigin = { readonly kind: 'entry' } | { readonly kind: 'yield'; readonly node: Node };

/** A `return`, a `yield` or the function's end that some path reaches with no checkpoint since an origin. */
export interface UncheckpointedExit {
  readonly kind: 'return' | 'yield' | 'end';
  /** The return statement, the yield expression, or the function definition for its end. */
  readonly node: Node;
  /** In document order, the function's start first. */
  readonly origins: readonly FlowOrigin[];
  /**
   * Where one checkpoint covers every such path without sitting next to the exit: the loop
   * whose body start is the only origin, or the function when its start is. Fixes use it to
   * keep a checkpoint out of an `except` clause.
   */
  readonly coveredFrom: { readonly loop: Node } | 'function' | undefined;
}

export interface CheckpointFlow {
  readonly exits: readonly UncheckpointedExit[];
  /** Managers of timeout and cancel scopes with a checkpoint inside that some path through them skips. */
  readonly scopes: readonly Node[];
  /** `while True` loops with no `break` whose body can complete a round without a cancel point. */
  readonly loops: readonly Node[];
}

interface Query {
  readonly kind: UncheckpointedExit['kind'];
  readonly node: Node;
  origins: ReadonlySet<Origin>;
  readonly coveredFrom: UncheckpointedExit['coveredFrom'];
}

interface LoopFrame {
  readonly loop: Node;
  readonly concrete: Origin;
  readonly cancel: Origin;
  readonly breaks: State[];
  readonly continues: State[];
  /** Queries made while walking the loop, which may hold its placeholders. */
  readonly firstQuery: number;
}

const SUSPENDING = ['await', 'yield', 'for_in_clause'];
const YIELD = new Set(['yield']);
const BREAK = new Set(['break_statement']);
const LOOPS = new Set(['for_statement', 'while_statement']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const HANDLERS = new Set(['except_clause', 'except_group_clause']);

function union(...states: State[]): State {
  let result: Set<Origin> | null = null;
  for (const state of states) {
    if (state === null) continue;
    result ??= new Set();
    for (const origin of state) result.add(origin);
  }
  return result;
}

/** What a schedule point leaves: it lets other tasks run but delivers no cancellation. */
function afterSchedulePoint(state: ReadonlySet<Origin>): Set<Origin> {
  return new Set([...state].filter((origin) => origin.cancel));
}

/** The state with a finished loop's placeholders replaced by what reaches its head. */
function substitute(state: State, frame: LoopFrame, head: ReadonlySet<Origin>): State {
  if (state === null) return null;
  const concrete = state.has(frame.concrete);
  const cancel = state.has(frame.cancel);
  if (!concrete && !cancel) return state;
  const result = new Set(state);
  result.delete(frame.concrete);
  result.delete(frame.cancel);
  for (const origin of head) if (origin.cancel ? cancel : concrete) result.add(origin);
  return result;
}

function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

/** The `break`s that leave this loop (not an inner one). */
function hasOwnBreak(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  return descendantsInScope(body, BREAK).some((statement) => {
    for (let up = statement.parent; up; up = up.parent) if (LOOPS.has(up.type)) return up.equals(loop);
    return false;
  });
}

/** A `case` that matches anything: `case _:` or a bare capture such as `case other:`. */
function isIrrefutable(clause: Node): boolean {
  const patterns = namedChildrenOf(clause).filter((child) => child.type === 'case_pattern');
  if (patterns.length !== 1) return false;
  const parts = patterns[0].children.filter((child): child is Node => child !== null);
  if (parts.length !== 1) return false;
  const [part] = parts;
  return part.type === '_' || (part.type === 'dotted_name' && part.namedChildCount === 1);
}

/** An `except` that catches everything: bare, or naming `BaseException`. */
function catchesEverything(handler: Node): boolean {
  const classes = caughtClasses(handler);
  return classes.length === 0 || classes.some((caught) => caught.text === 'BaseException');
}

/** An integer constant written as literals and arithmetic, never a float. */
function integerConstant(node: Node): number | undefined {
  const value = numericConstant(node);
  if (value === undefined || !Number.isInteger(value)) return undefined;
  const floats = node.descendantsOfType(['float', 'binary_operator']).some((part) => part?.type === 'float' || part?.childForFieldName('operator')?.type === '/');
  return floats ? undefined : value;
}

/** `range(...)` of constants that yields at least one number. */
function isNonEmptyRange(call: Node, context: PythonContext): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== 'range') return false;
  if (context.imports.bindings.has('range') || context.symbols.moduleNames.has('range')) return false;
  const list = call.childForFieldName('arguments');
  const values = list ? namedChildrenOf(list).map(integerConstant) : [];
  if (values.length < 1 || values.length > 3 || values.some((value) => value === undefined)) return false;
  const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
  return step > 0 ? start < stop : step < 0 && start > stop;
}

/**
 * True when iterating the expression is sure to run the body at least once: a display with an
 * element (`[1, 2]`, `(*[1],)`, `{**{1: 2}}`), a non-empty plain string, or `range()` of
 * constants that is not empty.
 */
export function iteratesAtLeastOnce(expression: Node, context: PythonContext): boolean {
  const iterable = unparenthesized(expression);
  switch (iterable.type) {
    case 'list':
    case 'tuple':
    case 'expression_list':
    case 'set':
    case 'dictionary':
      return namedChildrenOf(iterable).some((element) => {
        if (element.type !== 'list_splat' && element.type !== 'dictionary_splat') return true;
        const inner = element.firstNamedChild;
        return inner !== null && iteratesAtLeastOnce(inner, context);
      });
    case 'string':
      return !/f/i.test(iterable.child(0)?.text ?? '') && iterable.namedChildren.some((part) => part?.type === 'string_content');
    case 'call':
      return isNonEmptyRange(iterable, context);
    default:
      return false;
  }
}

class FlowWalker {
  /** Nodes of the function with a suspension point inside: the only expressions worth walking. */
  private readonly suspending = new Set<number>();
  private readonly yieldOrigins = new Map<number, Origin>();
  private readonly queries: Query[] = [];
  private readonly frames: LoopFrame[] = [];
  /** Cancel points walked so far, to tell whether a scope saw any. */
  private cancelPoints = 0;
  readonly scopes: Node[] = [];
  readonly loops: Node[] = [];

  constructor(
    private readonly fn: Node,
    private readonly context: PythonContext,
  ) {
    const body = fn.childForFieldName('body');
    for (const found of body?.descendantsOfType(SUSPENDING) ?? []) {
      if (!found || (found.type === 'for_in_clause' && !isAsyncStatement(found))) continue;
      for (let up: Node | null = found; up && !up.equals(fn) && !this.suspending.has(up.id); up = up.parent) this.suspending.add(up.id);
    }
  }

  run(): CheckpointFlow {
    const body = this.fn.childForFieldName('body');
    const end = body ? this.walkBlock(body, new Set([ENTRY])) : null;
    if (end !== null) this.query('end', this.fn, end);
    return { exits: this.exits(), scopes: this.scopes, loops: this.loops };
  }

  private exits(): UncheckpointedExit[] {
    const byNode = new Map<number, Query>();
    for (const query of this.queries) {
      const known = byNode.get(query.node.id);
      if (known) known.origins = union(known.origins, query.origins)!;
      else byNode.set(query.node.id, { ...query });
    }
    const exits: UncheckpointedExit[] = [];
    for (const { kind, node, origins, coveredFrom } of byNode.values()) {
      const found: FlowOrigin[] = [];
      if (origins.has(ENTRY)) found.push({ kind: 'entry' });
      const yields = [...origins].filter((origin) => origin.kind === 'yield' && origin.node).map((origin) => origin.node!);
      yields.sort((a, b) => a.startIndex - b.startIndex);
      for (const yielded of yields) found.push({ kind: 'yield', node: yielded });
      if (found.length > 0) exits.push({ kind, node, origins: found, coveredFrom });
    }
    return exits.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  // --- points -------------------------------------------------------------------------------

  private query(kind: Query['kind'], node: Node, state: ReadonlySet<Origin>): void {
    const frame = this.frames[this.frames.length - 1];
    const concrete = [...state].filter((origin) => !origin.cancel);
    let coveredFrom: Query['coveredFrom'];
    if (frame && concrete.length === 1 && concrete[0] === frame.concrete) coveredFrom = { loop: frame.loop };
    else if (concrete.length === 1 && concrete[0] === ENTRY) coveredFrom = 'function';
    this.queries.push({ kind, node, origins: state, coveredFrom });
  }

  private checkpoint(state: State): State {
    if (state === null) return null;
    this.cancelPoints++;
    return new Set();
  }

  private yieldOrigin(node: Node): Origin {
    let origin = this.yieldOrigins.get(node.id);
    if (!origin) {
      origin = { kind: 'yield', cancel: false, node };
      this.yieldOrigins.set(node.id, origin);
    }
    return origin;
  }

  // --- expressions --------------------------------------------------------------------------

  private walkChildren(node: Node, state: State): State {
    let current = state;
    for (const child of namedChildrenOf(node)) current = this.walkExpression(child, current);
    return current;
  }

  private walkExpression(node: Node | null, state: State): State {
    if (state === null || node === null || !this.suspending.has(node.id)) return state;
    switch (node.type) {
      case 'await':
        return this.checkpoint(this.walkChildren(node, state));
      case 'yield': {
        const before = this.walkChildren(node, state);
        if (before === null) return null;
        this.query('yield', node, before);
        this.cancelPoints++;
        return new Set([this.yieldOrigin(node)]);
      }
      case 'boolean_operator': {
        // The right operand may not run.
        const left = this.walkExpression(node.childForFieldName('left'), state);
        return union(left, this.walkExpression(node.childForFieldName('right'), left));
      }
      case 'conditional_expression': {
        const [chosen, condition, otherwise] = namedChildrenOf(node);
        const tested = this.walkExpression(condition ?? null, state);
        return union(this.walkExpression(chosen ?? null, tested), this.walkExpression(otherwise ?? null, tested));
      }
      case 'generator_expression': {
        // Only the first iterable runs when the generator is made.
        const first = namedChildrenOf(node).find((child) => child.type === 'for_in_clause');
        return this.walkExpression(first?.childForFieldName('right') ?? null, state);
      }
      case 'lambda':
        return this.walkExpression(node.childForFieldName('parameters'), state);
      case 'assignment': {
        const value = this.walkExpression(node.childForFieldName('right'), state);
        return this.walkExpression(node.childForFieldName('left'), value);
      }
      default:
        return COMPREHENSIONS.has(node.type) ? this.walkComprehension(node, state) : this.walkChildren(node, state);
    }
  }

  /**
   * A comprehension's clauses run in order, each only if the one before iterates at least once;
   * an `if` may stop it. So only the first iterable always runs, and the rest as far as
   * iterables sure to be non-empty lead, up to the first `if`.
   */
  private walkComprehension(node: Node, state: State): State {
    if (state === null || state.size === 0) return state;
    const clauses = namedChildrenOf(node).filter((child) => child.type === 'for_in_clause' || child.type === 'if_clause');
    let current: State = state;
    for (let index = 0; index < clauses.length && clauses[index].type === 'for_in_clause'; index++) {
      const clause = clauses[index];
      const iterable = clause.childForFieldName('right');
      current = this.walkExpression(iterable, current);
      if (isAsyncStatement(clause)) return this.checkpoint(current);
      if (current === null || current.size === 0 || !iterable || !iteratesAtLeastOnce(iterable, this.context)) return current;
      const next = clauses[index + 1];
      if (next?.type === 'if_clause') return this.walkExpression(next.firstNamedChild, current);
      if (!next) return this.walkExpression(node.childForFieldName('body'), current);
    }
    return current;
  }

  // --- statements ---------------------------------------------------------------------------

  private walkBlock(block: Node | null, state: State): State {
    if (!block) return state;
    let current = state;
    for (const statement of namedChildrenOf(block)) {
      if (current === null) return null;
      current = this.walkStatement(statement, current);
    }
    return current;
  }

  private walkStatement(statement: Node, state: ReadonlySet<Origin>): State {
    switch (statement.type) {
      case 'return_statement': {
        const value = this.walkChildren(statement, state);
        if (value === null) return null;
        this.query('return', statement, value);
        // Nothing after it runs, but as in flake8-async the scope and loop checks carry on past it.
        return afterSchedulePoint(value);
      }
      case 'raise_statement':
        // No checkpoint is needed on a path that raises; like flake8-async, what follows is walked as checkpointed.
        return this.walkChildren(statement, state) && new Set();
      case 'break_statement':
        this.frames[this.frames.length - 1]?.breaks.push(state);
        return null;
      case 'continue_statement':
        this.frames[this.frames.length - 1]?.continues.push(state);
        return null;
      case 'if_statement':
        return this.walkIf(statement, state);
      case 'while_statement':
        return this.walkWhile(statement, state);
      case 'for_statement':
        return this.walkFor(statement, state);
      case 'try_statement':
        return this.walkTry(statement, state);
      case 'with_statement':
        return this.walkWith(statement, state);
      case 'match_statement':
        return this.walkMatch(statement, state);
      case 'decorated_definition': {
        let current: State = state;
        for (const decorator of namedChildrenOf(statement).filter((child) => child.type === 'decorator')) current = this.walkChildren(decorator, current);
        const definition = statement.childForFieldName('definition');
        return definition && current !== null ? this.walkStatement(definition, current) : current;
      }
      case 'function_definition':
        // Defaults run where the function is defined; its body does not.
        return this.walkExpression(statement.childForFieldName('parameters'), state);
      case 'class_definition':
        return this.walkExpression(statement.childForFieldName('superclasses'), state);
      default:
        return this.walkChildren(statement, state);
    }
  }

  private walkIf(statement: Node, state: State): State {
    let tested = this.walkExpression(statement.childForFieldName('condition'), state);
    const ends: State[] = [this.walkBlock(statement.childForFieldName('consequence'), tested)];
    let hasElse = false;
    for (const branch of statement.childrenForFieldName('alternative')) {
      if (branch?.type === 'elif_clause') {
        tested = this.walkExpression(branch.childForFieldName('condition'), tested);
        ends.push(this.walkBlock(branch.childForFieldName('consequence'), tested));
      } else if (branch?.type === 'else_clause') {
        ends.push(this.walkBlock(branch.childForFieldName('body'), tested));
        hasElse = true;
      }
    }
    if (!hasElse) ends.push(tested);
    return union(...ends);
  }

  private enterLoop(loop: Node): LoopFrame {
    const frame: LoopFrame = {
      loop,
      concrete: { kind: 'loop', cancel: false, node: loop },
      cancel: { kind: 'loop', cancel: true, node: loop },
      breaks: [],
      continues: [],
      firstQuery: this.queries.length,
    };
    this.frames.push(frame);
    return frame;
  }

  /**
   * Ends a loop walked from its placeholders: what reaches its head is what came before it plus
   * what comes round from the end of the body and from each `continue`. Returns that head
   * state, with the placeholders replaced in every query made inside.
   */
  private leaveLoop(frame: LoopFrame, before: ReadonlySet<Origin>, roundTrip: State): ReadonlySet<Origin> {
    this.frames.pop();
    const head = new Set(before);
    for (const origin of roundTrip ?? []) if (origin !== frame.concrete && origin !== frame.cancel) head.add(origin);
    for (let index = frame.firstQuery; index < this.queries.length; index++) {
      this.queries[index].origins = substitute(this.queries[index].origins, frame, head)!;
    }
    return head;
  }

  private walkWhile(loop: Node, state: ReadonlySet<Origin>): State {
    const condition = loop.childForFieldName('condition');
    const endless = isAlwaysTrue(condition);
    const frame = this.enterLoop(loop);
    const start = this.walkExpression(condition, new Set([frame.concrete, frame.cancel]));
    const end = this.walkBlock(loop.childForFieldName('body'), start);
    const roundTrip = union(end, ...frame.continues);
    if (endless && roundTrip?.has(frame.cancel) && !hasOwnBreak(loop)) this.loops.push(loop);
    const head = this.leaveLoop(frame, state, roundTrip);
    const exhausted = endless ? null : substitute(start, frame, head);
    const after = this.afterLoop(loop, exhausted, frame, head);
    // Nothing follows a loop that never ends; like flake8-async, it is walked as checkpointed.
    return endless && after === null ? new Set() : after;
  }

  private walkFor(loop: Node, state: ReadonlySet<Origin>): State {
    const iterable = loop.childForFieldName('right');
    const before = this.walkExpression(iterable, state);
    if (before === null) return null;
    const frame = this.enterLoop(loop);
    if (isAsyncStatement(loop)) {
      // Every step awaits `__anext__`, the last one included; a `break` skips it.
      this.walkBlock(loop.childForFieldName('body'), this.checkpoint(before));
      const head = this.leaveLoop(frame, new Set(), null);
      return this.afterLoop(loop, this.checkpoint(before), frame, head);
    }
    const end = this.walkBlock(loop.childForFieldName('body'), new Set([frame.concrete, frame.cancel]));
    const roundTrip = union(end, ...frame.continues);
    const head = this.leaveLoop(frame, before, roundTrip);
    const exhausted = iterable && iteratesAtLeastOnce(iterable, this.context) ? substitute(roundTrip, frame, head) : head;
    return this.afterLoop(loop, exhausted, frame, head);
  }

  /** After a loop: its `else` when it runs out, and each `break`. */
  private afterLoop(loop: Node, exhausted: State, frame: LoopFrame, head: ReadonlySet<Origin>): State {
    const orElse = loop.childForFieldName('alternative');
    const completed = orElse ? this.walkBlock(orElse.childForFieldName('body'), exhausted) : exhausted;
    return union(completed, ...frame.breaks.map((state) => substitute(state, frame, head)));
  }

  /** What may be unchecked when an exception leaves a block: anything before it, or any `yield` in it. */
  private raisedFrom(block: Node | null, state: ReadonlySet<Origin>): Set<Origin> {
    const raised = new Set(state);
    for (const yielded of block ? descendantsInScope(block, YIELD) : []) raised.add(this.yieldOrigin(yielded));
    return raised;
  }

  private walkTry(statement: Node, state: ReadonlySet<Origin>): State {
    const body = statement.childForFieldName('body');
    const clauses = namedChildrenOf(statement);
    const handlers = clauses.filter((clause) => HANDLERS.has(clause.type));
    const orElse = clauses.find((clause) => clause.type === 'else_clause');
    const final = clauses.find((clause) => clause.type === 'finally_clause');
    const raised = this.raisedFrom(body, state);
    const completed = this.walkBlock(body, state);
    let after = orElse ? this.walkBlock(orElse.childForFieldName('body'), completed) : completed;
    for (const handler of handlers) after = union(after, this.walkBlock(handlerBody(handler) ?? null, raised));
    if (!final) return after;
    // An exception no handler catches runs the `finally` and then propagates.
    const propagated = handlers.some(catchesEverything) ? [] : [...raised].filter((origin) => !after?.has(origin));
    const finished = this.walkBlock(
      namedChildrenOf(final).find((child) => child.type === 'block') ?? null,
      union(after, propagated.length > 0 ? new Set(propagated) : null),
    );
    if (after === null || finished === null) return null;
    return new Set([...finished].filter((origin) => !propagated.includes(origin)));
  }

  private walkWith(statement: Node, state: ReadonlySet<Origin>): State {
    const isAsync = isAsyncStatement(statement);
    const managers = withManagers(statement);
    const scopes: Array<{ manager: Node; marker: Origin; since: number }> = [];
    let suppressing = false;
    let entered: State = state;
    for (const item of managers) {
      entered = this.walkExpression(item, entered);
      if (entered === null) return null;
      const manager = unparenthesized(item);
      if (isAsync) entered = taskGroupOf(manager, this.context) ? afterSchedulePoint(entered) : this.checkpoint(entered)!;
      const scope = timeoutScopeOf(manager, this.context);
      if (scope && (scope.entered === 'async with') === isAsync) {
        const marker: Origin = { kind: 'scope', cancel: true, node: manager };
        entered = new Set(entered).add(marker);
        scopes.push({ manager, marker, since: this.cancelPoints });
      }
      if (manager.type === 'call' && this.context.calleeName(manager) === 'contextlib.suppress') suppressing = true;
    }
    const body = statement.childForFieldName('body');
    let end = this.walkBlock(body, entered);
    for (const { manager, marker, since } of scopes) {
      if (end?.has(marker) && this.cancelPoints > since) this.scopes.push(manager);
    }
    // A suppressed exception leaves the block from wherever it was raised.
    if (suppressing) end = union(end, this.raisedFrom(body, entered));
    if (end === null) return null;
    const left = new Set([...end].filter((origin) => !scopes.some((scope) => scope.marker === origin)));
    if (!isAsync) return left;
    return managers.some((manager) => this.exitCheckpoints(unparenthesized(manager), statement)) ? this.checkpoint(left) : afterSchedulePoint(left);
  }

  /**
   * Leaving an `async with` item checkpoints, except a task group's when nothing may have started
   * a task in it: then it only passes a schedule point.
   */
  private exitCheckpoints(manager: Node, statement: Node): boolean {
    return !taskGroupOf(manager, this.context) || mayStartChildren({ name: withTarget(manager), statement });
  }

  private walkMatch(statement: Node, state: ReadonlySet<Origin>): State {
    let subject: State = state;
    for (const part of statement.childrenForFieldName('subject')) subject = this.walkExpression(part, subject);
    let result: State = null;
    let exhaustive = false;
    for (const clause of namedChildrenOf(statement.childForFieldName('body') ?? statement).filter((child) => child.type === 'case_clause')) {
      const guard = clause.childForFieldName('guard');
      const guarded = guard ? this.walkExpression(guard, subject) : subject;
      if (isIrrefutable(clause) && (!guard || guarded?.size === 0)) exhaustive = true;
      result = union(result, this.walkBlock(clause.childForFieldName('consequence'), guarded));
    }
    return exhaustive ? result : union(result, subject);
  }
}

/** Per analysis: each function's flow, shared by the rules that read it. */
const flows = new WeakMap<PythonContext, Map<number, CheckpointFlow>>();

/** The checkpoint flow of an async function's own body (nested functions are theirs). */
export function checkpointFlow(fn: Node, context: PythonContext): CheckpointFlow {
  let known = flows.get(context);
  if (!known) {
    known = new Map();
    flows.set(context, known);
  }
  let flow = known.get(fn.id);
  if (!flow) {
    flow = new FlowWalker(fn, context).run();
    known.set(fn.id, flow);
  }
  return flow;
}
