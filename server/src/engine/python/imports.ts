// What each name bound by an import refers to, so `nap(1)` after `from time import sleep as nap`
// resolves to `time.sleep`, and which async library the module is written for.
import type { Node, Tree } from 'web-tree-sitter';

export type AsyncLibrary = 'asyncio' | 'anyio' | 'trio';

export interface ModuleImports {
  /** Local name -> dotted name it stands for (`nap` -> `time.sleep`, `aio` -> `asyncio`). */
  readonly bindings: ReadonlyMap<string, string>;
  /** Top-level modules imported anywhere in the file. */
  readonly modules: ReadonlySet<string>;
  /** Line after which a new import statement can go. */
  readonly insertionLine: number;
}

function dottedText(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

function collectImport(node: Node, bindings: Map<string, string>, modules: Set<string>): void {
  if (node.type === 'import_statement') {
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const target = dottedText(name.childForFieldName('name')!);
        const alias = name.childForFieldName('alias')?.text;
        if (alias) bindings.set(alias, target);
        modules.add(target.split('.')[0]);
      } else {
        const target = dottedText(name);
        const head = target.split('.')[0];
        bindings.set(head, head);
        modules.add(head);
      }
    }
    return;
  }
  // import_from_statement
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  const moduleName = dottedText(moduleNode);
  if (!moduleName.startsWith('.')) modules.add(moduleName.split('.')[0]);
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const imported = dottedText(name.childForFieldName('name')!);
      const alias = name.childForFieldName('alias')?.text;
      if (alias) bindings.set(alias, `${moduleName}.${imported}`);
    } else {
      const imported = dottedText(name);
      bindings.set(imported, `${moduleName}.${imported}`);
    }
  }
}

/** Walks statements (not expressions) so imports nested in `if`/`try`/functions count too. */
export function collectImports(tree: Tree): ModuleImports {
  const bindings = new Map<string, string>();
  const modules = new Set<string>();
  let insertionLine = 0;
  const root = tree.rootNode;
  let seenCode = false;
  for (const child of root.namedChildren) {
    if (!child) continue;
    const isDocstring =
      child.type === 'expression_statement' && child.namedChildCount === 1 && child.firstNamedChild?.type === 'string';
    const isFuture = child.type === 'future_import_statement';
    const isImport = child.type === 'import_statement' || child.type === 'import_from_statement';
    if (!seenCode && (isDocstring || isFuture || isImport || child.type === 'comment')) {
      if (child.type !== 'comment') insertionLine = child.endPosition.row + 1;
    } else {
      seenCode = true;
    }
  }
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'import_statement' || child.type === 'import_from_statement') {
        collectImport(child, bindings, modules);
      } else if (isStatementContainer(child.type)) {
        stack.push(child);
      }
    }
  }
  return { bindings, modules, insertionLine };
}

const STATEMENT_CONTAINERS = new Set([
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'for_statement',
  'while_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
  'case_clause',
]);

function isStatementContainer(type: string): boolean {
  return STATEMENT_CONTAINERS.has(type);
}

/** The library a module is written for: trio or AnyIO when imported, asyncio otherwise. */
export function detectLibrary(imports: ModuleImports): AsyncLibrary {
  if (imports.modules.has('trio')) return 'trio';
  if (imports.modules.has('anyio')) return 'anyio';
  return 'asyncio';
}
