// Runs the Python rules over a module statement by statement, reusing cached findings for
// statements that did not change (see statement-cache.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { Dispatcher } from '../dispatch';
import { RunMemo } from '../memo';
import { MAX_PYTHON_DEPTH, NestingTooDeepError } from '../nesting';
import type { FindingCollector } from '../report';
import { StatementCache, type StatementKey } from '../statement-cache';
import type { LineIndex } from '../text';
import type { Finding, PythonVersion } from '../types';
import { PythonContext } from './context';
import { nodeAtDepth } from './depth';
import type { ModuleSummary, ProjectIndex } from '../project';
import { type ImportBindings, type ModuleImports, detectLibrary, importsOfStatement, isImport, resolveDotted, resolveRelative } from './imports';
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
  /** Per statement, the line (from the statement's first) of code nested too deep, or -1. */
  readonly depths = new RunMemo<number>();
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

export interface ModuleFacts {
  imports: ModuleImports;
  symbols: ModuleSymbols;
}

function moduleFacts(
  statements: readonly TopLevelStatement[],
  state: PythonAnalysisState,
  packageSegments: readonly string[] | undefined,
): ModuleFacts {
  const bindings = new Map<string, string>();
  const modules = new Set<string>();
  const parts: StatementSymbols[] = [];
  for (const statement of statements) {
    const facts = state.facts.get(statement.key, () => ({
      imports: importsOfStatement(statement.node),
      symbols: symbolsOfStatement(statement.node),
    }));
    for (const [local, target] of facts.imports.bindings) bindings.set(local, resolveRelative(target, packageSegments));
    for (const module of facts.imports.modules) modules.add(module);
    parts.push(facts.symbols);
  }
  state.facts.commit();
  return { imports: { bindings, modules, insertionLine: importInsertionLine(statements) }, symbols: mergeSymbols(parts) };
}

/** What other files need to know about this one: its functions, methods and class bases. */
export function summarize({ imports, symbols }: ModuleFacts): ModuleSummary {
  const functions: Record<string, boolean> = {};
  const classes: Record<string, string[]> = {};
  for (const [name, isCoroutine] of symbols.functions) functions[name] = isCoroutine;
  for (const [name, symbolsOfClass] of symbols.classes) {
    for (const [method, isCoroutine] of symbolsOfClass.methods) functions[`${name}.${method}`] = isCoroutine;
    classes[name] = symbolsOfClass.bases.map((base) => resolveDotted(base, (head) => imports.bindings.get(head)));
  }
  return { functions, classes };
}

function factsKey(facts: ModuleFacts, lines: LineIndex, optionsKey: string, projectVersion: number): string {
  return JSON.stringify([
    optionsKey,
    projectVersion,
    lines.eol,
    facts.imports.insertionLine,
    [...facts.imports.bindings],
    [...facts.imports.modules].sort(),
    [...facts.symbols.moduleNames].sort(),
    [...facts.symbols.startables].sort(),
    summarize(facts),
  ]);
}

export interface PythonInputs {
  pythonVersion: PythonVersion;
  optionsKey: string;
  project: ProjectIndex | undefined;
  /** The file's folder as dotted segments, for relative imports; unknown outside a project. */
  packageSegments: readonly string[] | undefined;
  /** Qualified names the user declares blocking. */
  blockingCalls: readonly string[];
  /** Names and dotted names the user declares startable. */
  startableFunctions: readonly string[];
}

/** Module facts alone, for indexing files that are not analysed. */
export function pythonFacts(tree: Tree, text: string, packageSegments: readonly string[] | undefined): ModuleFacts {
  return moduleFacts(topLevelStatements(tree, text), new PythonAnalysisState(), packageSegments);
}

/** Throws `NestingTooDeepError` for a module with code nested deeper than the analysis follows. */
function checkDepth(statements: readonly TopLevelStatement[], state: PythonAnalysisState): void {
  let deepLine: number | undefined;
  for (const statement of statements) {
    const offset = state.depths.get(statement.key, () => {
      const deep = nodeAtDepth(statement.node, MAX_PYTHON_DEPTH);
      return deep ? deep.startPosition.row - statement.startLine : -1;
    });
    if (offset >= 0) deepLine ??= statement.startLine + offset;
  }
  state.depths.commit();
  if (deepLine !== undefined) {
    throw new NestingTooDeepError(`line ${deepLine + 1} nests more than ${MAX_PYTHON_DEPTH.toLocaleString('en-US')} levels deep`);
  }
}

export function analyzePython(
  tree: Tree,
  text: string,
  lines: LineIndex,
  inputs: PythonInputs,
  dispatcher: Dispatcher<string, PythonContext>,
  collector: FindingCollector,
  state: PythonAnalysisState,
): { findings: Finding[]; summary: ModuleSummary } {
  const statements = topLevelStatements(tree, text);
  checkDepth(statements, state);
  const facts = moduleFacts(statements, state, inputs.packageSegments);
  const { imports, symbols } = facts;
  state.statements.begin(factsKey(facts, lines, inputs.optionsKey, inputs.project?.version ?? -1));
  const context = new PythonContext(
    text,
    lines,
    inputs.pythonVersion,
    imports,
    detectLibrary(imports),
    symbols,
    inputs.project,
    inputs.packageSegments,
    new Set(inputs.blockingCalls),
    new Set(inputs.startableFunctions),
    collector,
  );
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
  return { findings, summary: summarize(facts) };
}
