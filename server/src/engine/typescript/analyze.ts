// Runs the TypeScript/JavaScript rules over a file statement by statement, reusing cached
// findings for statements that did not change (see statement-cache.ts).
import type ts from 'typescript';
import type { Dispatcher } from '../dispatch';
import type { FindingCollector } from '../report';
import { StatementCache, type StatementKey } from '../statement-cache';
import type { LineIndex } from '../text';
import type { Finding } from '../types';
import { type ModuleBindings, collectBindings } from './bindings';
import { type ScriptInputs, TypeScriptContext } from './context';
import { importsProjectFiles } from './project-index';
import { type FileSymbols, collectFileSymbols } from './symbols';
import { walkTypeScriptStatement } from './walk';

/** What a document keeps between analyses. */
export class ScriptAnalysisState {
  readonly statements = new StatementCache();
}

function factsKey(bindings: ModuleBindings, symbols: FileSymbols, optionsKey: string, projectVersion: number): string {
  const classes = [...symbols.classes].map(([name, c]) => `${name}(${[...c.promiseMethods].sort()})`);
  return JSON.stringify([
    optionsKey,
    projectVersion,
    [...bindings],
    [...symbols.topLevelNames].sort(),
    [...symbols.promiseFunctions].sort(),
    classes.sort(),
  ]);
}

function statementKey(statement: ts.Statement, sourceFile: ts.SourceFile, lines: LineIndex): StatementKey {
  const start = statement.getStart(sourceFile);
  const startPosition = lines.positionAt(start);
  return {
    key: `${startPosition.character}:${sourceFile.text.slice(start, statement.end)}`,
    startLine: startPosition.line,
    endLine: lines.positionAt(statement.end).line,
  };
}

export function analyzeScript(
  sourceFile: ts.SourceFile,
  lines: LineIndex,
  optionsKey: string,
  dispatcher: Dispatcher<ts.SyntaxKind, TypeScriptContext>,
  collector: FindingCollector,
  state: ScriptAnalysisState,
  inputs: ScriptInputs,
): Finding[] {
  const bindings = collectBindings(sourceFile);
  const symbols = collectFileSymbols(sourceFile);
  // Only a file importing project files reads the index: the others keep their cache when it changes.
  const projectVersion = inputs.project && importsProjectFiles(bindings) ? inputs.project.index.version : -1;
  state.statements.begin(factsKey(bindings, symbols, optionsKey, projectVersion));
  const context = new TypeScriptContext(sourceFile, lines, bindings, symbols, collector, inputs);
  const findings: Finding[] = [];
  for (const statement of sourceFile.statements) {
    const key = statementKey(statement, sourceFile, lines);
    const cached = state.statements.lookup(key);
    if (cached) {
      findings.push(...cached);
      continue;
    }
    walkTypeScriptStatement(statement, context, dispatcher);
    const fresh = collector.take();
    state.statements.store(key, fresh);
    findings.push(...fresh);
  }
  if (dispatcher.failedRules.size > 0) state.statements.clear();
  else state.statements.commit();
  return findings;
}
