// The analysis engine: pure TypeScript, no editor or protocol imports. The language server
// and the CLI are thin adapters over `analyze` / `analyzeDocument`.
import type { Node } from 'web-tree-sitter';
import ts from 'typescript';
import { catalog, catalogMeta, ruleById } from '../rules';
import { Dispatcher } from './dispatch';
import { SourceDocument } from './document';
import { PythonContext } from './python/context';
import { initPythonParser } from './python/parser';
import type { ModuleSummary } from './project';
import { PythonAnalysisState, analyzePython, pythonFacts, summarize } from './python/analyze';
import { parsePython } from './python/parser';
import { notAnalysedReason } from './nesting';
import { FindingCollector } from './report';
import { applySuppressions, pythonSuppressions, scriptSuppressions, type Suppression } from './suppressions';
import { type LineIndex, comparePositions } from './text';
import { TypeScriptContext } from './typescript/context';
import { ScriptAnalysisState, analyzeScript } from './typescript/analyze';
import { type ScriptModuleSummary, summarizeScriptModule } from './typescript/module-summary';
import type { ScriptProjectFile } from './typescript/project-index';
import { TypeQueries } from './typescript/type-queries';
import { DEFAULT_SAFE_CALLS, normaliseSafeCalls } from './typescript/safe-calls';
import { unusedSuppressionFindings } from './unused-suppressions';
import type { AnalyzeOptions, CancellationToken, Finding, PythonVersion, Severity, SourceLanguage } from './types';

export const DEFAULT_PYTHON_VERSION: PythonVersion = { major: 3, minor: 11 };

/** Loads the wasm parsers; call once before analysing. */
export function initEngine(options: { wasmDir?: string } = {}): Promise<void> {
  return initPythonParser(options.wasmDir);
}

export function defaultRuleSeverities(): Map<string, Severity> {
  return new Map(catalog.filter((rule) => rule.meta.enabledByDefault).map((rule) => [rule.meta.id, rule.meta.severity]));
}

function namesOf(ruleId: string): { id: string; aliases: readonly string[] } | undefined {
  return ruleById.get(ruleId)?.meta;
}

export interface AnalysisResult {
  findings: Finding[];
  suppressions: Suppression[];
  /** What the file contributes to a project index (Python). */
  summary?: ModuleSummary;
  /** What the file contributes to a `ScriptProjectIndex` (TS/JS). */
  scriptSummary?: ScriptModuleSummary;
  /** True when a type checker took part (TS/JS with `options.types` holding this text). */
  typeAware: boolean;
}

/** The folder of a project path as dotted package segments (`app/api.py` -> [app]). */
function packageSegmentsOf(projectPath: string | undefined): string[] | undefined {
  if (projectPath === undefined) return undefined;
  return projectPath.split('/').slice(0, -1).filter((segment) => segment.length > 0);
}

/**
 * Analyses a document that keeps its tree and per-statement results between calls (the editor's
 * case). Code nested too deeply to analyse gives no findings and `options.onNotAnalysed`, never
 * an exception: a rule that overflows the stack is contained by the dispatcher, and the parsers
 * and the engine's own walks are contained here.
 */
export function analyzeDocument(document: SourceDocument, options: AnalyzeOptions = {}, token?: CancellationToken): AnalysisResult {
  try {
    return analyzeDocumentOrThrow(document, options, token);
  } catch (error) {
    const reason = notAnalysedReason(error);
    if (reason === undefined) throw error;
    options.onNotAnalysed?.(reason);
    return { findings: [], suppressions: [], typeAware: false };
  }
}

function analyzeDocumentOrThrow(document: SourceDocument, options: AnalyzeOptions, token: CancellationToken | undefined): AnalysisResult {
  const enabled = options.rules ?? defaultRuleSeverities();
  const pythonVersion = options.pythonVersion ?? DEFAULT_PYTHON_VERSION;
  const blockingCalls = options.blockingCalls ?? [];
  const startableFunctions = options.startableFunctions ?? [];
  const optionsKey = JSON.stringify([
    [...enabled],
    pythonVersion,
    options.projectPath,
    blockingCalls,
    startableFunctions,
    options.safeCalls,
    options.types?.stamp,
  ]);
  const collector = new FindingCollector();
  const parsed = document.parse(token);
  const lines = document.lines;
  let raw: Finding[];
  let summary: ModuleSummary | undefined;
  let scriptSummary: ScriptModuleSummary | undefined;
  let failed: ReadonlySet<string>;
  let suppressions: Suppression[];
  let typeAware = false;
  if (parsed.kind === 'python') {
    const dispatcher = new Dispatcher<string, PythonContext>(collector, token, options.onRuleError);
    dispatcher.throwIfCancelled();
    for (const rule of catalog) {
      const severity = enabled.get(rule.meta.id);
      if (!severity || !rule.python) continue;
      for (const [type, handler] of Object.entries(rule.python)) dispatcher.register(type, rule.meta.id, severity, handler);
    }
    document.pythonState ??= new PythonAnalysisState();
    const inputs = {
      pythonVersion,
      optionsKey,
      project: options.project,
      packageSegments: packageSegmentsOf(options.projectPath),
      blockingCalls,
      startableFunctions,
    };
    ({ findings: raw, summary } = analyzePython(parsed.tree, document.text, lines, inputs, dispatcher, collector, document.pythonState));
    failed = dispatcher.failedRules;
    const root = parsed.tree.rootNode;
    suppressions = pythonSuppressions(document.text, lines, (line, column) => isCommentAt(root, line, column));
  } else {
    const dispatcher = new Dispatcher<ts.SyntaxKind, TypeScriptContext>(collector, token, options.onRuleError);
    dispatcher.throwIfCancelled();
    for (const rule of catalog) {
      const severity = enabled.get(rule.meta.id);
      if (!severity || !rule.typescript) continue;
      for (const [kind, handler] of Object.entries(rule.typescript)) {
        if (handler) dispatcher.register(Number(kind) as ts.SyntaxKind, rule.meta.id, severity, handler);
      }
    }
    document.scriptState ??= new ScriptAnalysisState();
    const checked = checkedSourceFile(options, document.text);
    typeAware = checked !== undefined;
    const inputs = { types: checked?.queries, safeCalls: normaliseSafeCalls(options.safeCalls ?? DEFAULT_SAFE_CALLS), project: scriptProjectFile(options) };
    raw = analyzeScript(checked?.sourceFile ?? parsed.sourceFile, lines, optionsKey, dispatcher, collector, document.scriptState, inputs);
    scriptSummary = summarizeScriptModule(parsed.sourceFile);
    failed = dispatcher.failedRules;
    const sourceFile = parsed.sourceFile;
    suppressions = scriptSuppressions(document.text, lines, (line, column) => isScriptCommentAt(sourceFile, lines, line, column));
  }
  const kept = failed.size > 0 ? raw.filter((finding) => !failed.has(finding.ruleId)) : raw;
  // Judged on every run from the final findings (never cached): cheap, and always in step.
  const findings = [
    ...applySuppressions(kept, suppressions, namesOf),
    ...unusedSuppressionFindings({
      lines,
      language: document.language,
      suppressions,
      findings: kept,
      enabled,
      failed,
      typeAware,
      typesRequested: options.types !== undefined,
      projectPending: options.projectPending === true,
      catalog: catalogMeta,
    }),
  ].sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
  return { findings, suppressions, summary, scriptSummary, typeAware };
}

/** The file's key in the TS/JS project index, when the caller gave both. */
function scriptProjectFile(options: AnalyzeOptions): ScriptProjectFile | undefined {
  return options.scriptProject && options.projectPath !== undefined ? { index: options.scriptProject, path: options.projectPath } : undefined;
}

/**
 * The program's tree of the analysed file with the checker's queries, or undefined when the
 * program does not hold this exact text (it lags behind the editor): syntax then decides alone.
 */
function checkedSourceFile(options: AnalyzeOptions, text: string): { sourceFile: ts.SourceFile; queries: TypeQueries } | undefined {
  const program = options.types?.program;
  const sourceFile = program && options.fileName !== undefined ? program.getSourceFile(options.fileName) : undefined;
  if (!program || !sourceFile || sourceFile.text !== text) return undefined;
  return { sourceFile, queries: new TypeQueries(program) };
}

/** A Python file's contribution to a project index, without running any rule. */
export function summarizePython(text: string, projectPath: string): ModuleSummary {
  const tree = parsePython(text);
  try {
    return summarize(pythonFacts(tree, text, packageSegmentsOf(projectPath)));
  } finally {
    tree.delete();
  }
}

function isCommentAt(root: Node, line: number, column: number): boolean {
  return root.descendantForPosition({ row: line, column })?.type === 'comment';
}

/** Tokens whose text may span lines and hold what looks like a comment. */
const TEXT_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);

/** True unless the position lies inside a string, a template literal or JSX text (comments are trivia). */
function isScriptCommentAt(sourceFile: ts.SourceFile, lines: LineIndex, line: number, column: number): boolean {
  const offset = lines.offsetAt({ line, character: column });
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (TEXT_KINDS.has(node.kind)) return false;
    node = ts.forEachChild(node, (child) => (child.getStart(sourceFile) <= offset && offset < child.end ? child : undefined));
  }
  return true;
}

/** Analyses a text once. `initEngine()` must have completed for Python. */
export function analyze(text: string, language: SourceLanguage, options: AnalyzeOptions = {}, token?: CancellationToken): Finding[] {
  const document = new SourceDocument(text, language, options.fileName);
  try {
    return analyzeDocument(document, options, token).findings;
  } finally {
    document.dispose();
  }
}

export { SourceDocument } from './document';
export { ProjectIndex, QueryLog, recordingQueries, pythonDependencyKeys, type ModuleSummary } from './project';
export { ScriptProjectIndex } from './typescript/project-index';
export { summarizeScript, type ScriptModuleSummary } from './typescript/module-summary';
export type { ContentChange } from './document';
export { DEFAULT_MAX_FILE_SIZE, contentSkipReason, fileSizeSkipReason, skipReason, type SkipReason } from './skip';
export * from './types';
