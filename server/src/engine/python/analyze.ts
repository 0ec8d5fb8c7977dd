// Runs the Python rules over a module statement by statement, reusing cached findings for
// statements that did not change (see statement-cache.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { Dispatcher } from '../dispatch';
import { RunMemo } from '../memo';
import type { FindingCollector } from '../report';
import { StatementCache, type StatementKey } from '../statement-cache';
import type { LineIndex } from '../text';
import type { Finding, PythonVersion } from '../types';
import { PythonContext } from './context';
import { type ImportBindings, type ModuleImports, detectLibrary, importsOfStatement, isImport } from './imports';
import { type ModuleSymbols, type StatementSymbols, mergeSymbols, symbolsOfStatement } from './symbols';
import { walkPythonStatement } from './walk';

interface StatementFacts {
  imports: ImportBindings;
  symbols: StatementSymbols;
}

/** What a document keeps between analyses. */
export class PythonAnalysisState {
  readonly statements = new StatementCache();
  readonly facts = new RunMemo<StatementFacts>();
}

interface TopLevelStatement extends StatementKey {
  node: Node;
}

function topLevelStatements(tree: Tree, text: string): TopLevelStatement[] {
  const statements: TopLevelStatement[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node || node.type === 'comment') continue;
    const start = node.startPosition;
    statements.push({
      node,
      key: `${start.column}:${text.slice(node.startIndex, node.endIndex)}`,
      startLine: start.row,
      endLine: node.endPosition.row,
    });
  }
  return statements;
}

function isDocstring(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.firstNamedChild?.type === 'string';
}

/** The line after the module's leading docstring, `__future__` imports and imports. */
function importInsertionLine(statements: readonly TopLevelStatement[]): number {
  let line = 0;
  for (const { node, endLine } of statements) {
    if (!(isDocstring(node) || isImport(node) || node.type === 'future_import_statement')) break;
    line = endLine + 1;
  }
  return line;
}

function moduleFacts(statements: readonly TopLevelStatement[], state: PythonAnalysisState): { imports: ModuleImports; symbols: ModuleSymbols } {
  const bindings = new Map<string, string>();
  const modules = new Set<string>();
  const parts: StatementSymbols[] = [];
  for (const statement of statements) {
    const facts = state.facts.get(statement.key, () => ({
      imports: importsOfStatement(statement.node),
      symbols: symbolsOfStatement(statement.node),
    }));
    for (const [local, target] of facts.imports.bindings) bindings.set(local, target);
    for (const module of facts.imports.modules) modules.add(module);
    parts.push(facts.symbols);
  }
  state.facts.commit();
  return { imports: { bindings, modules, insertionLine: importInsertionLine(statements) }, symbols: mergeSymbols(parts) };
}

function factsKey(imports: ModuleImports, symbols: ModuleSymbols, lines: LineIndex, optionsKey: string): string {
  const classes = [...symbols.classes].map(([name, c]) => `${name}(${[...c.coroutineMethods].sort()}|${[...c.methods].sort()})`);
  return JSON.stringify([
    optionsKey,
    lines.eol,
    imports.insertionLine,
    [...imports.bindings],
    [...imports.modules].sort(),
    [...symbols.moduleNames].sort(),
    [...symbols.coroutineFunctions].sort(),
    classes.sort(),
  ]);
}

export function analyzePython(
  tree: Tree,
  text: string,
  lines: LineIndex,
  pythonVersion: PythonVersion,
  optionsKey: string,
  dispatcher: Dispatcher<string, PythonContext>,
  collector: FindingCollector,
  state: PythonAnalysisState,
): Finding[] {
  const statements = topLevelStatements(tree, text);
  const { imports, symbols } = moduleFacts(statements, state);
  state.statements.begin(factsKey(imports, symbols, lines, optionsKey));
  const context = new PythonContext(text, lines, pythonVersion, imports, detectLibrary(imports.modules), symbols, collector);
  const findings: Finding[] = [];
  for (const statement of statements) {
    const cached = state.statements.lookup(statement);
    if (cached) {
      findings.push(...cached);
      continue;
    }
    walkPythonStatement(statement.node, context, dispatcher);
    const fresh = collector.take();
    state.statements.store(statement, fresh);
    findings.push(...fresh);
  }
  if (dispatcher.failedRules.size > 0) state.statements.clear();
  else state.statements.commit();
  return findings;
}
