// The engine's public vocabulary. Shapes mirror LSP's (0-based lines, UTF-16 columns) so the
// server can pass them through untouched, but nothing here depends on LSP or VS Code.

/** Language ids as editors name them; the engine picks a front end from these. */
export type SourceLanguage = 'python' | 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact';

/** The languages a rule can apply to (JSX variants belong to their base language). */
export type RuleLanguage = 'python' | 'typescript' | 'javascript';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** A safe fix keeps behaviour the author intended; only safe fixes run in fix-all and `--fix`. */
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  range: Range;
  message: string;
  severity: Severity;
  fixes: Fix[];
  related: RelatedLocation[];
}

export interface PythonVersion {
  major: number;
  minor: number;
}

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

/** Raised when a token asks analysis to stop; callers treat it as "no new result". */
export class AnalysisCancelledError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'AnalysisCancelledError';
  }
}

export interface AnalyzeOptions {
  /** Enabled rules and their effective severity; defaults to the catalog's defaults. */
  rules?: ReadonlyMap<string, Severity>;
  /** Target Python version; fixes never suggest APIs it lacks. Defaults to 3.11. */
  pythonVersion?: PythonVersion;
  /** Used to pick JSX parsing and module kind for TS/JS; never read from disk. */
  fileName?: string;
  /** Cross-file knowledge of the project the file belongs to (which functions are coroutines). */
  project?: import('./project').ProjectIndex;
  /** The file's path relative to its project root, `/`-separated, for relative imports. */
  projectPath?: string;
  /**
   * Cross-file knowledge for TS/JS files, read with `projectPath` as the file's key (which
   * functions other project files export return promises). Syntactic mode relies on it.
   */
  scriptProject?: import('./typescript/project-index').ScriptProjectIndex;
  /**
   * True while the cross-file index is still being built: findings that depend on other files
   * may be missing, so no suppression comment is judged unused for now.
   */
  projectPending?: boolean;
  /** Called once per failing rule; the other rules' findings are still returned. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * Called when the text cannot be analysed at all, with the reason as words that complete
   * "<file> was not analysed: "; the result then has no findings. Code nested deeper than the
   * analysis follows (thousands of levels) is the one such case.
   */
  onNotAnalysed?: (reason: string) => void;
  /** Dotted names (`mylib.fetch_sync`, `legacy.Client.query`) the user declares blocking in async code. */
  blockingCalls?: readonly string[];
  /**
   * Functions the user declares startable (they take `task_status` and signal readiness), by
   * name or dotted name (`myapp.serve`): checked where a task group starts them.
   */
  startableFunctions?: readonly string[];
  /**
   * A type checker's view of the TS/JS file: its program must hold `fileName` with exactly the
   * analysed text. Enables the type-aware checks; without it the rules judge from syntax.
   */
  types?: ScriptTypes;
  /**
   * Calls whose promise may be dropped on purpose, as `module.name` (`node:test.it`) or a
   * global name: `floating-promise` leaves them alone.
   */
  safeCalls?: readonly string[];
}

/** A program that type-checks the analysed file, and a stamp that changes whenever the program may. */
export interface ScriptTypes {
  readonly program: import('typescript').Program;
  /** Equal stamps promise equal types: cached findings of the file are reused only while it holds. */
  readonly stamp: string;
}
