// What each name bound by an import refers to, so `nap(1)` after `from time import sleep as nap`
// resolves to `time.sleep`, and which async library the module is written for.
import type { Node } from 'web-tree-sitter';

export type AsyncLibrary = 'asyncio' | 'anyio' | 'trio';

export interface ModuleImports {
  /** Local name -> dotted name it stands for (`nap` -> `time.sleep`, `aio` -> `asyncio`). */
  readonly bindings: ReadonlyMap<string, string>;
  /** Top-level modules imported at module level. */
  readonly modules: ReadonlySet<string>;
  /** Line before which a new import statement can go. */
  readonly insertionLine: number;
}

export interface ImportBindings {
  bindings: Array<[string, string]>;
  modules: string[];
}

function dottedText(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** The bindings one import statement makes. */
export function bindingsOfImport(node: Node, into: ImportBindings): void {
  if (node.type === 'import_statement') {
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const target = dottedText(name.childForFieldName('name')!);
        const alias = name.childForFieldName('alias')?.text;
        if (alias) into.bindings.push([alias, target]);
        into.modules.push(target.split('.')[0]);
      } else {
        const head = dottedText(name).split('.')[0];
        into.bindings.push([head, head]);
        into.modules.push(head);
      }
    }
    return;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  const moduleName = dottedText(moduleNode);
  if (!moduleName.startsWith('.')) into.modules.push(moduleName.split('.')[0]);
  // `from . import jobs` names the module `.jobs`, not `..jobs` (one package higher).
  const prefix = moduleName.endsWith('.') ? moduleName : `${moduleName}.`;
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const imported = dottedText(name.childForFieldName('name')!);
      const alias = name.childForFieldName('alias')?.text;
      if (alias) into.bindings.push([alias, `${prefix}${imported}`]);
    } else {
      const imported = dottedText(name);
      into.bindings.push([imported, `${prefix}${imported}`]);
    }
  }
}

export function isImport(node: Node): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement';
}

/** Blocks that run at module level when their statement does (not function or class bodies). */
const MODULE_LEVEL_BLOCKS = new Set([
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
]);

/** Imports a top-level statement makes at module level, including under `if` / `try`. */
export function importsOfStatement(statement: Node): ImportBindings {
  const found: ImportBindings = { bindings: [], modules: [] };
  if (isImport(statement)) {
    bindingsOfImport(statement, found);
    return found;
  }
  if (!MODULE_LEVEL_BLOCKS.has(statement.type)) return found;
  const stack: Node[] = [statement];
  while (stack.length > 0) {
    for (const child of stack.pop()!.namedChildren) {
      if (!child) continue;
      if (isImport(child)) bindingsOfImport(child, found);
      else if (MODULE_LEVEL_BLOCKS.has(child.type)) stack.push(child);
    }
  }
  return found;
}

/**
 * Makes a relative import target absolute, given the importing file's package (its folder
 * as dotted segments): `.store.save` in app/api.py -> `app.store.save`. Targets that climb
 * above the project stay relative, and resolve to nothing.
 */
export function resolveRelative(target: string, packageSegments: readonly string[] | undefined): string {
  if (!target.startsWith('.') || !packageSegments) return target;
  const dots = /^\.+/.exec(target)![0].length;
  if (dots - 1 > packageSegments.length) return target;
  const base = packageSegments.slice(0, packageSegments.length - (dots - 1));
  const rest = target.slice(dots);
  return [...base, ...(rest ? [rest] : [])].join('.');
}

/** The last segment of a dotted name: `serve` for `trio.serve`. */
export function lastName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** `mod.Base` -> `pkg.mod.Base` through a name lookup; unknown heads stay as written. */
export function resolveDotted(dotted: string, binding: (name: string) => string | undefined): string {
  const [head, ...rest] = dotted.split('.');
  const bound = binding(head);
  return bound ? [bound, ...rest].join('.') : dotted;
}

/**
 * The library a module is written for: trio when imported; AnyIO when imported, unless the
 * module also imports asyncio and takes only AnyIO's thread and file helpers; else asyncio.
 */
export function detectLibrary(imports: Pick<ModuleImports, 'modules' | 'bindings'>): AsyncLibrary {
  if (imports.modules.has('trio')) return 'trio';
  if (imports.modules.has('anyio') && !(imports.modules.has('asyncio') && borrowsOnlyAnyioHelpers(imports.bindings))) return 'anyio';
  return 'asyncio';
}

/**
 * AnyIO pieces an asyncio program commonly borrows (Starlette and FastAPI code runs sync work
 * with `anyio.to_thread`) without being written for AnyIO.
 */
const ANYIO_INTEROP = ['anyio.to_thread', 'anyio.from_thread', 'anyio.to_process', 'anyio.Path', 'anyio.open_file'];

function borrowsOnlyAnyioHelpers(bindings: ReadonlyMap<string, string>): boolean {
  const anyioTargets = [...bindings.values()].filter((target) => target === 'anyio' || target.startsWith('anyio.'));
  return anyioTargets.every((target) => ANYIO_INTEROP.some((helper) => target === helper || target.startsWith(`${helper}.`)));
}
