// Code that runs while its task may already be cancelled (`finally`, an `except` that catches
// cancellation, `__aexit__`) or while an exception waits to be re-raised (any other `except`),
// and whether a shielded cancel scope entered there keeps cancellation out of a checkpoint.
// trio and AnyIO cancel level-triggered: inside a cancelled scope every checkpoint raises again.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { lastName } from '../../engine/python/imports';
import {
  ancestorsInScope,
  descendantsInScope,
  enclosingFunction,
  handlerBody,
  isAsyncStatement,
  isExceptStar,
  keywordArgument,
  unparenthesized,
  withManagers,
  withTarget,
} from '../../engine/python/syntax';
import { cancellationReaching } from './cancellation';
import { quoted } from './messages';
import { timeoutScopeOf } from './scopes';
import { withBlocksAround } from './structured';
import { taskGroupOf } from './task-groups';

export type CleanupRegion =
  /** A `finally` block: it also runs when the `try` body was cancelled. */
  | { readonly kind: 'finally'; readonly owner: Node }
  /** An `except` clause that catches cancellation (and is the first of its `try` to catch it). */
  | { readonly kind: 'cancellation-handler'; readonly owner: Node }
  /** The body of `async def __aexit__`, which runs when the `async with` body was cancelled. */
  | { readonly kind: 'aexit'; readonly owner: Node }
  /** Any other `except` clause: a cancellation there replaces the exception it handles. */
  | { readonly kind: 'handler'; readonly owner: Node };

/**
 * The innermost cleanup region around a node in its function. An `except` clause inside a
 * `finally`, a cancellation handler or `__aexit__` does not start a region of its own: the
 * task may be cancelled there all the same. A `finally` always does, and so does an `except`
 * inside an ordinary handler.
 */
function cleanupRegion(node: Node, context: PythonContext): CleanupRegion | undefined {
  const fn = enclosingFunction(node);
  let region: CleanupRegion | undefined =
    fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === '__aexit__' ? { kind: 'aexit', owner: fn } : undefined;
  const path = [...ancestorsInScope(node)].reverse();
  for (let index = 0; index < path.length; index++) {
    const up = path[index];
    // Only the clause's statements count, not the exception classes it names.
    if ((path[index + 1] ?? node).type !== 'block') continue;
    if (up.type === 'finally_clause') {
      region = { kind: 'finally', owner: up };
    } else if (up.type === 'except_clause' && (region === undefined || region.kind === 'handler')) {
      region = { kind: cancellationReaching(up, context) ? 'cancellation-handler' : 'handler', owner: up };
    }
  }
  return region;
}

/** How messages name a region: "a `finally` block", "an `except trio.Cancelled` handler", "`__aexit__`". */
export function regionText(region: CleanupRegion): string {
  if (region.kind === 'finally') return 'a `finally` block';
  if (region.kind === 'aexit') return '`__aexit__`';
  const star = isExceptStar(region.owner) ? '*' : '';
  const value = region.owner.childForFieldName('value');
  const caught = value?.type === 'as_pattern' ? value.namedChild(0) : value;
  return caught ? `an \`except${star} ${quoted(caught)}\` handler` : 'a bare `except:` handler';
}

// --- checkpoints --------------------------------------------------------------------------

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

/**
 * The node to report when a visited node is a checkpoint: an `await`; an `async for` (its
 * iterable) or an async comprehension clause (run at once, unlike a generator expression); an
 * `async with` (its items), unless it only opens trio nurseries and AnyIO task groups, which
 * flake8-async does not count either.
 */
function checkpointSite(node: Node, context: PythonContext): Node | undefined {
  switch (node.type) {
    case 'await':
      return node;
    case 'for_statement':
      return isAsyncStatement(node) ? (node.childForFieldName('right') ?? node) : undefined;
    case 'for_in_clause':
      return isAsyncStatement(node) && node.parent !== null && COMPREHENSIONS.has(node.parent.type) ? node : undefined;
    case 'with_statement': {
      if (!isAsyncStatement(node)) return undefined;
      const onlyGroups = withManagers(node).every((manager) => {
        const group = taskGroupOf(manager, context);
        return group !== undefined && group.library !== 'asyncio';
      });
      return onlyGroups ? undefined : (node.namedChildren.find((child): child is Node => child?.type === 'with_clause') ?? node);
    }
    default:
      return undefined;
  }
}

/** How messages name a checkpoint, from its site: "`await conn.close()`", "`async for` over `stream`". */
export function checkpointText(site: Node): string {
  if (site.type === 'await' || site.type === 'for_in_clause') return `\`${quoted(site)}\``;
  if (site.type === 'with_clause') {
    const items = site.namedChildren.filter((child): child is Node => child?.type === 'with_item');
    return `\`async with ${items.map(quoted).join(', ')}\``;
  }
  return `\`async for\` over \`${quoted(site)}\``;
}

/**
 * Cleanup calls that cannot be stopped half-way by a cancellation, by last name, so the
 * libraries' own modules and re-exports count too.
 */
const CANCEL_PROOF_CALLS: ReadonlySet<string> = new Set([
  // Cancels the close on purpose: the resource is closed forcefully either way.
  'aclose_forcefully',
  // Shielded by definition: it only lets other tasks run.
  'cancel_shielded_checkpoint',
]);

/**
 * Awaits safe during cancellation in trio and AnyIO: the calls above; `x.aclose()` without
 * arguments, which those libraries' resources honour by closing even when cancelled; and
 * `inner.__aexit__(...)`, a wrapper handing its exit to the manager it wraps, whose own exit
 * decides how to clean up under cancellation (a nursery's waits for its children).
 */
function isCancelProofAwait(site: Node, context: PythonContext): boolean {
  const awaited = site.type === 'await' ? site.firstNamedChild : null;
  const call = awaited ? unparenthesized(awaited) : null;
  if (call?.type !== 'call') return false;
  const callee = call.childForFieldName('function');
  const name = context.calleeName(call) ?? callee?.text;
  if (name !== undefined && CANCEL_PROOF_CALLS.has(lastName(name))) return true;
  const argumentCount = call.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment').length ?? 0;
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  return (method === 'aclose' && argumentCount === 0) || method === '__aexit__';
}

// --- shields ------------------------------------------------------------------------------

const ASSIGNMENT = new Set(['assignment']);

/** `True` -> true, `False` / `None` -> false; anything else is not a literal the rules read. */
function literalTruth(node: Node | null | undefined): boolean | undefined {
  if (node?.type === 'true') return true;
  if (node?.type === 'false' || node?.type === 'none') return false;
  return undefined;
}

/** The literal `name.shield = ...` or `name.cancel_scope.shield = ...` assigns, if the assignment is one. */
function shieldAssigned(assignment: Node, name: string): boolean | undefined {
  const target = assignment.childForFieldName('left');
  if (target?.type !== 'attribute' || target.childForFieldName('attribute')?.text !== 'shield' || assignment.childForFieldName('type')) return undefined;
  let owner = target.childForFieldName('object');
  if (owner?.type === 'attribute' && owner.childForFieldName('attribute')?.text === 'cancel_scope') owner = owner.childForFieldName('object');
  return owner?.type === 'identifier' && owner.text === name ? literalTruth(assignment.childForFieldName('right')) : undefined;
}

/**
 * True when the manager, entered by `statement`, is a trio or AnyIO cancel scope shielded where
 * the node runs: given `shield=True`, or with `.shield` last set to `True` before the node in
 * its block (a nursery or task group through its `.cancel_scope`).
 */
function shieldsAt(manager: Node, statement: Node, node: Node, context: PythonContext): boolean {
  const scope = timeoutScopeOf(manager, context);
  const group = scope ? undefined : taskGroupOf(manager, context);
  if ((scope?.library ?? group?.library ?? 'asyncio') === 'asyncio') return false;
  let shielded = scope !== undefined && literalTruth(keywordArgument(manager, 'shield')) === true;
  const name = withTarget(manager);
  const body = statement.childForFieldName('body');
  if (name === undefined || !body) return shielded;
  for (const assignment of descendantsInScope(body, ASSIGNMENT)) {
    if (assignment.startIndex >= node.startIndex) break;
    shielded = shieldAssigned(assignment, name) ?? shielded;
  }
  return shielded;
}

/**
 * True when a shielded cancel scope entered inside the region's clause holds the node. A shield
 * entered outside the clause does not count: the cancellation that started the cleanup may be
 * that scope's own (its deadline passed).
 */
function isShielded(node: Node, region: CleanupRegion, context: PythonContext): boolean {
  const { owner } = region;
  for (const { statement, managers } of withBlocksAround(node)) {
    if (statement.startIndex < owner.startIndex || statement.endIndex > owner.endIndex) break;
    if (managers.some((manager) => shieldsAt(manager, statement, node, context))) return true;
  }
  return false;
}

// --- re-raising ---------------------------------------------------------------------------

const RAISE = new Set(['raise_statement']);

/**
 * The node's own handler re-raises after it: a `raise` later in the clause that the same path
 * can reach (not in another branch of an `if` or `match`), not inside an `except` nested in it.
 */
export function raisesAfter(node: Node, clause: Node): boolean {
  const body = handlerBody(clause);
  if (!body) return false;
  return descendantsInScope(body, RAISE).some((raise) => {
    if (raise.startIndex <= node.startIndex || inOtherBranch(node, raise)) return false;
    for (let up = raise.parent; up && !up.equals(clause); up = up.parent) if (up.type === 'except_clause') return false;
    return true;
  });
}

/** True when `later` sits in a different branch of the `if` or `match` that holds them both than `node` does. */
function inOtherBranch(node: Node, later: Node): boolean {
  const around = new Set<number>();
  for (let up = node.parent; up; up = up.parent) around.add(up.id);
  let shared = later.parent;
  while (shared && !around.has(shared.id)) shared = shared.parent;
  if (shared?.type === 'if_statement') return !isWithin(node, shared.childForFieldName('condition'));
  return shared?.parent?.type === 'match_statement';
}

function isWithin(node: Node, container: Node | null): boolean {
  return container !== null && node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/**
 * A checkpoint of trio or AnyIO code in a cleanup region with no shield there: where to report
 * it (the await, the `async for` iterable, the `async with` items) and the region. asyncio is
 * left out: it cancels edge-triggered, so after the one `CancelledError` awaits run normally.
 */
export function unshieldedCleanupCheckpoint(node: Node, context: PythonContext): { site: Node; region: CleanupRegion } | undefined {
  if (!context.inAsyncContext || context.library === 'asyncio') return undefined;
  const site = checkpointSite(node, context);
  if (!site || isCancelProofAwait(site, context)) return undefined;
  const region = cleanupRegion(node, context);
  return region && !isShielded(node, region, context) ? { site, region } : undefined;
}
