// What the analysis pool is asked to do and what it answers. Everything here is plain data:
// it crosses to a worker thread by structured clone and can be written to a cache unchanged.
import type { Finding, ModuleSummary, PythonVersion, ScriptModuleSummary, Severity, SourceLanguage } from '../engine';
import type { TypeAwareMode } from '../workspace/typescript-projects';

/** How one file is analysed. */
export interface FileSettings {
  /** The enabled rules and the severity each reports at, in catalog order. */
  rules: Readonly<Record<string, Severity>>;
  /** Python files only; undefined: the engine's default. */
  pythonVersion?: PythonVersion;
  /** Dotted names of Python callables declared blocking. */
  blockingCalls: readonly string[];
  /** Names and dotted names of Python functions declared startable. */
  startableFunctions: readonly string[];
  /** Calls whose promise may be dropped. */
  safeCalls: readonly string[];
}

/** A file whose contribution to the cross-file index is wanted. */
export interface SummaryJob {
  language: SourceLanguage;
  /** The file's key in the index: relative imports and package names start from it. */
  projectPath: string;
  text: string;
}

/** What a file contributes to the cross-file index of its language; null when nothing. */
export type FileSummary = { language: 'python'; summary: ModuleSummary | null } | { language: 'script'; summary: ScriptModuleSummary | null };

/** The cross-file indexes of one project, as summaries keyed by project path. */
export interface IndexSnapshot {
  /** Python files that define coroutine functions. */
  python: [string, ModuleSummary][];
  /** Every TS/JS file: imports resolve to the file TypeScript would pick, even one that exports nothing tracked (null). */
  scripts: [string, ScriptModuleSummary | null][];
}

export interface AnalysisJob {
  /** Absolute path: tells TypeScript how to parse the file (JSX, module kind) and which program holds it. */
  filePath: string;
  language: SourceLanguage;
  /** The file's text on disk. */
  text: string;
  /** The index snapshot the analysis reads (see `AnalysisPool.setIndex`). */
  index: string;
  /** The file's key in that index. */
  projectPath: string;
  settings: FileSettings;
}

export interface FixedText {
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** Findings in the final text. */
  findings: Finding[];
}

export interface AnalysisOutcome {
  /** Findings in the job's text. */
  findings: Finding[];
  /** With fixing on, when safe fixes changed the text. */
  fixed?: FixedText;
  /** With fixing on, when fixes were left out because they would have added syntax errors (a bug in a fix). */
  fixesWithheld?: boolean;
  /** Rules that threw, once each; their findings are left out of the others. */
  ruleErrors: { ruleId: string; message: string }[];
  /**
   * The index keys the analysis asked about (see `QueryLog`): the findings depend on the
   * cross-file index only through the entries under these keys.
   */
  queried: string[];
  /** Why a file meant to be type-checked was analysed from syntax alone. */
  typesError?: string;
  /** Why the file could not be analysed at all (see `AnalyzeOptions.onNotAnalysed`); it then has no findings. */
  notAnalysed?: string;
}

/** A TS/JS file of the run that a type checker may check, with its mode. */
export interface TypeCheckedFile {
  filePath: string;
  mode: TypeAwareMode;
}
