// A shallow pass over a module's top level and class bodies: which names it defines, and
// which of its functions and methods are coroutine functions, and which are startable.
import type { Node } from 'web-tree-sitter';
import { ancestors, parameterName } from './syntax';

export interface ClassSymbols {
  /** Method name -> whether calling it returns a coroutine. */
  readonly methods: ReadonlyMap<string, boolean>;
  /** Base class expressions as written (`Base`, `abc.ABC`, `mod.Base`). */
  readonly bases: readonly string[];
}

export interface ModuleSymbols {
  /** Names bound at module level by def, class or assignment. */
  readonly moduleNames: ReadonlySet<string>;
  /** Module-level function name -> whether calling it returns a coroutine. */
  readonly functions: ReadonlyMap<string, boolean>;
  readonly classes: ReadonlyMap<string, ClassSymbols>;
  /** Async functions (`serve`) and methods (`Server.serve`) that `nursery.start()` can start: they take `task_status`. */
  readonly startables: ReadonlySet<string>;
}

/**
 * Decorators known to keep an `async def` a coroutine function. Any other decorator may
 * wrap it into something else (`asynccontextmanager`, `async_to_sync`...), so precision
 * wins and the function is not treated as a coroutine function.
 */
const TRANSPARENT_DECORATORS = new Set([
  'staticmethod',
  'classmethod',
  'abstractmethod',
  'abc.abstractmethod',
  'override',
  'typing.override',
  'typing_extensions.override',
]);

function functionOf(node: Node): { fn: Node; decorators: string[] } | undefined {
  if (node.type === 'function_definition') return { fn: node, decorators: [] };
  if (node.type !== 'decorated_definition') return undefined;
  const fn = node.childForFieldName('definition');
  if (fn?.type !== 'function_definition') return undefined;
  const decorators = node.namedChildren
    .filter((child): child is Node => child?.type === 'decorator')
    .map((decorator) => decorator.text.slice(1).trim());
  return { fn, decorators };
}

const SPLAT_PARAMETERS = new Set(['list_splat_pattern', 'dictionary_splat_pattern']);

/** `*args` and `**kwargs`, annotated or not. */
function isSplat(parameter: Node): boolean {
  return SPLAT_PARAMETERS.has(parameter.type) || (parameter.type === 'typed_parameter' && SPLAT_PARAMETERS.has(parameter.firstNamedChild?.type ?? ''));
}

/**
 * The `task_status` parameter through which `nursery.start()` / `task_group.start()` hands a
 * function its status object: one that can be passed by keyword (not positional-only, `*` or `**`).
 */
export function taskStatusParameter(fn: Node): Node | undefined {
  const parameters = fn.childForFieldName('parameters')?.namedChildren.filter((child): child is Node => child !== null) ?? [];
  // Everything before a `/` is positional-only.
  const slash = parameters.findIndex((parameter) => parameter.type === 'positional_separator');
  return parameters.find((parameter, index) => index > slash && !isSplat(parameter) && parameterName(parameter) === 'task_status');
}

/** An async function `nursery.start()` can start. */
function isStartable(fn: Node): boolean {
  return isAsyncFunction(fn) && taskStatusParameter(fn) !== undefined;
}

export function isAsyncFunction(fn: Node): boolean {
  return fn.children[0]?.type === 'async';
}

/** True when the function's own body (not a nested function or lambda) contains `yield`. */
export function isGenerator(fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const found of body.descendantsOfType('yield')) {
    if (!found) continue;
    for (const scope of ancestors(found)) {
      if (scope.type === 'function_definition' || scope.type === 'lambda') {
        if (scope.equals(fn)) return true;
        break;
      }
    }
  }
  return false;
}

function isCoroutineFunction(fn: Node, decorators: string[]): boolean {
  return isAsyncFunction(fn) && decorators.every((d) => TRANSPARENT_DECORATORS.has(d)) && !isGenerator(fn);
}

/** What one top-level statement contributes to the module's symbols, in order. */
export interface StatementSymbols {
  names: string[];
  /** Functions it defines, with whether each is a coroutine function. */
  functions: Array<[string, boolean]>;
  classes: Array<[string, ClassSymbols]>;
  /** Startable functions and methods it defines (`serve`, `Server.serve`). */
  startables: string[];
}

export function symbolsOfStatement(statement: Node): StatementSymbols {
  const found: StatementSymbols = { names: [], functions: [], classes: [], startables: [] };
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type === 'class_definition') {
    const name = definition.childForFieldName('name')?.text;
    if (name) {
      found.names.push(name);
      found.classes.push([name, collectClass(definition, name, found.startables)]);
    }
    return found;
  }
  const fn = functionOf(statement);
  if (fn) {
    const name = fn.fn.childForFieldName('name')?.text;
    if (name) {
      found.names.push(name);
      found.functions.push([name, isCoroutineFunction(fn.fn, fn.decorators)]);
      if (isStartable(fn.fn)) found.startables.push(name);
    }
    return found;
  }
  if (statement.type === 'expression_statement') {
    const assignment = statement.firstNamedChild;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (left?.type === 'identifier') found.names.push(left.text);
  }
  return found;
}

/** Merges statement contributions in source order: a later definition wins, as at run time. */
export function mergeSymbols(parts: readonly StatementSymbols[]): ModuleSymbols {
  const moduleNames = new Set<string>();
  const functions = new Map<string, boolean>();
  const classes = new Map<string, ClassSymbols>();
  const startables = new Set<string>();
  for (const part of parts) {
    for (const name of part.names) {
      moduleNames.add(name);
      for (const startable of startables) if (startable === name || startable.startsWith(`${name}.`)) startables.delete(startable);
    }
    for (const startable of part.startables) startables.add(startable);
    for (const [name, isCoroutine] of part.functions) {
      functions.set(name, isCoroutine);
      classes.delete(name);
    }
    for (const [name, symbols] of part.classes) {
      classes.set(name, symbols);
      functions.delete(name);
    }
  }
  return { moduleNames, functions, classes, startables };
}

/** The class's symbols; its startable methods go to `startables` as `Class.method`. */
function collectClass(definition: Node, className: string, startables: string[]): ClassSymbols {
  const methods = new Map<string, boolean>();
  const body = definition.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    if (!member) continue;
    const fn = functionOf(member);
    const name = fn?.fn.childForFieldName('name')?.text;
    if (fn && name) methods.set(name, isCoroutineFunction(fn.fn, fn.decorators));
    if (fn && name && isStartable(fn.fn)) startables.push(`${className}.${name}`);
  }
  const bases: string[] = [];
  for (const base of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base?.type === 'identifier' || base?.type === 'attribute') bases.push(base.text.replace(/\s+/g, ''));
  }
  return { methods, bases };
}
