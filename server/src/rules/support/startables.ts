// Startable functions: async functions that take `task_status` and call `task_status.started()`
// once they are ready, so that `await nursery.start(fn)` (trio) or `await tg.start(fn)` (AnyIO)
// returns only then. Which functions are known to be startable, which the user declares so
// (the `startableFunctions` option), and how a parameter is recognised as a task status.
import type { Node } from 'web-tree-sitter';
import type { PythonContext } from '../../engine/python/context';
import { type AsyncLibrary, lastName } from '../../engine/python/imports';
import { taskStatusParameter } from '../../engine/python/symbols';
import { descendantsInScope, isAsyncStatement } from '../../engine/python/syntax';

/** trio's own startables, by qualified name. */
const TRIO_STARTABLES: ReadonlySet<string> = new Set(['trio.run_process', 'trio.serve_tcp', 'trio.serve_ssl_over_tcp', 'trio.serve_listeners']);

/**
 * In trio code any function or method named `serve` is taken to be startable, as flake8-async
 * does: `trio.DTLSEndpoint.serve()`, `hypercorn.trio.serve()`. AnyIO's `Listener.serve()` is not.
 */
const TRIO_SERVE = 'serve';

/**
 * Function names a reference is recognised by without any configuration: `serve`, and trio's
 * startables by their own names. Definitions with these names need no `startableFunctions` entry.
 */
export const KNOWN_STARTABLE_NAMES: ReadonlySet<string> = new Set([TRIO_SERVE, ...[...TRIO_STARTABLES].map(lastName)]);

/** True when a `startableFunctions` entry names a function defined as `name` (a plain entry, or a dotted one ending in it). */
export function isConfiguredName(name: string, context: PythonContext): boolean {
  for (const entry of context.startableFunctions) if (lastName(entry) === name) return true;
  return false;
}

/** The name a reference ends in: `serve` for `serve`, `self.server.serve` or `trio.serve`. */
function referenceName(reference: Node): string {
  return reference.type === 'attribute' ? (reference.childForFieldName('attribute')?.text ?? '') : reference.text;
}

/**
 * True when a `startableFunctions` entry names the function a reference stands for: a plain
 * entry (`serve_admin`) matches the reference's last name, as flake8-async matches its option;
 * a dotted one (`myapp.net.serve_admin`) matches the qualified name the reference resolves to.
 */
function isConfiguredStartable(reference: Node, context: PythonContext): boolean {
  const name = referenceName(reference);
  for (const entry of context.startableFunctions) {
    if (entry.includes('.') ? context.qualifiedName(reference) === entry : name === entry) return true;
  }
  return false;
}

const FUNCTION = new Set(['function_definition']);

/** The functions whose bodies hold a node, innermost first (through classes and lambdas). */
function* enclosingFunctions(node: Node): Generator<Node> {
  for (let up = node.parent; up; up = up.parent) if (up.type === 'function_definition') yield up;
}

/**
 * For a plain name: whether the function it names, defined in an enclosing function or at
 * module level, is startable. Undefined when the name is not bound by such a definition.
 */
function definedStartable(name: Node, context: PythonContext): boolean | undefined {
  for (const fn of enclosingFunctions(name)) {
    const body = fn.childForFieldName('body');
    const local = body ? descendantsInScope(body, FUNCTION).filter((inner) => inner.childForFieldName('name')?.text === name.text) : [];
    if (local.length > 0) return local.some((inner) => isAsyncStatement(inner) && taskStatusParameter(inner) !== undefined);
  }
  if (context.isLocallyBound(name.text) || !context.symbols.functions.has(name.text)) return undefined;
  return context.symbols.startables.has(name.text);
}

/** `self.serve` / `cls.serve` naming a startable method of the class around the code. */
function isStartableMethod(reference: Node, context: PythonContext): boolean {
  const object = reference.childForFieldName('object');
  const className = context.enclosingClassName;
  if (object?.type !== 'identifier' || (object.text !== 'self' && object.text !== 'cls') || className === undefined) return false;
  return context.symbols.startables.has(`${className}.${referenceName(reference)}`);
}

/**
 * True when a reference to a function (a name or attribute) stands for a startable, for code
 * written against `library`: one the user declares; for trio and AnyIO also trio's own
 * (`trio.serve_tcp`), `serve` in trio code, a local function of trio's names (a wrapper), and
 * async functions of this module or methods of this class that take `task_status`. asyncio has
 * no `task_status` protocol: there only the declared ones count.
 */
export function isStartableReference(reference: Node, library: AsyncLibrary, context: PythonContext): boolean {
  if (reference.type !== 'identifier' && reference.type !== 'attribute') return false;
  if (isConfiguredStartable(reference, context)) return true;
  if (library === 'asyncio') return false;
  const name = referenceName(reference);
  if (library === 'trio' && name === TRIO_SERVE) return true;
  const qualified = context.qualifiedName(reference);
  if (qualified !== undefined) return TRIO_STARTABLES.has(qualified);
  if (reference.type === 'attribute') return isStartableMethod(reference, context);
  return definedStartable(reference, context) ?? KNOWN_STARTABLE_NAMES.has(name);
}

/** The class an annotation names, looking through `Optional[...]`, `X | None` and a subscript's arguments (`TaskStatus[int]` -> `TaskStatus`). */
export function annotatedClass(annotation: Node | null | undefined): Node | undefined {
  let type = annotation?.type === 'type' ? annotation.firstNamedChild : annotation;
  for (let depth = 0; type && depth < 4; depth++) {
    if (type.type === 'binary_operator' && type.childForFieldName('operator')?.text === '|') {
      const left = type.childForFieldName('left');
      const right = type.childForFieldName('right');
      type = left?.type === 'none' ? right : right?.type === 'none' ? left : null;
    } else if (type.type === 'subscript' || type.type === 'generic_type') {
      const base = type.type === 'subscript' ? type.childForFieldName('value') : type.firstNamedChild;
      const argument = type.type === 'subscript' ? type.childForFieldName('subscript') : type.namedChild(1)?.firstNamedChild;
      if (base && lastName(base.text) === 'Optional') type = argument?.type === 'type' ? argument.firstNamedChild : (argument ?? null);
      else type = base;
    } else {
      break;
    }
  }
  return type?.type === 'identifier' || type?.type === 'attribute' ? type : undefined;
}

/**
 * The parameter through which a function receives its task status, and its name: the keyword
 * parameter `task_status`, or any parameter annotated as a `TaskStatus` (trio's, AnyIO's).
 */
export function taskStatusOf(fn: Node): { parameter: Node; name: string } | undefined {
  const keyword = taskStatusParameter(fn);
  if (keyword) return { parameter: keyword, name: 'task_status' };
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (parameter?.type !== 'typed_parameter' && parameter?.type !== 'typed_default_parameter') continue;
    // `*args: TaskStatus` is not one: its name is under a splat pattern.
    const name = parameter.type === 'typed_parameter' ? parameter.firstNamedChild : parameter.childForFieldName('name');
    const annotated = annotatedClass(parameter.childForFieldName('type'));
    if (name?.type === 'identifier' && annotated && lastName(annotated.text) === 'TaskStatus') return { parameter, name: name.text };
  }
  return undefined;
}
