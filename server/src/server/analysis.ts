// Runs the engine on open documents and keeps the last result of each. Diagnostics, hover and
// code actions all read this cache; only diagnostics (and fix-all) ever cause an analysis.
import { randomUUID } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver/node';
import { AnalysisCancelledError, analyzeDocument, skipReason, type AnalyzeOptions, type CancellationToken, type Finding, type ScriptTypes } from '../engine/index';
import type { Suppression } from '../engine/suppressions';
import { ANALYSIS_TIMEOUT_CODE, BudgetToken, logTimeout, timeoutNotice } from './analysis-budget';
import type { AnalysisInputs, AnalysisInputsResolver } from './analysis-inputs';
import type { SettingsProvider } from './configuration';
import { noticeDiagnostic, toDiagnostic, type AnalysisNotice } from './diagnostics';
import type { DocumentStore, OpenDocument } from './documents';
import { yieldToEventLoop } from './event-loop';
import type { Log } from './log';
import { indexStamp, type ProjectIndexes } from './project-indexes';
import { notAnalysedNotice, skippedFileNotice } from './skipped-file';
import type { TypeChecking } from './type-checking';
import type { RunMode } from './settings';

export interface AnalysisResult {
  /** Unique per analysis: the pull diagnostics result id. */
  readonly resultId: string;
  readonly version: number;
  readonly inputsKey: string;
  /** The state of the cross-file index the findings reflect (see `indexStamp`), if the file has one. */
  readonly projectStamp: string | undefined;
  /** The state of the program whose types the findings reflect, in type-aware mode. */
  readonly typesStamp: string | undefined;
  readonly findings: readonly Finding[];
  readonly suppressions: readonly Suppression[];
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the findings are missing, saying why (the file is skipped, or its analysis ran out of time). */
  readonly notice: AnalysisNotice | undefined;
}

/** What the engine is told for a file with these inputs, open in the editor or read from disk. */
export function engineOptions(inputs: AnalysisInputs, filePath: string | undefined, types: ScriptTypes | undefined, log: Log): AnalyzeOptions {
  return {
    rules: inputs.rules,
    pythonVersion: inputs.pythonVersion,
    blockingCalls: inputs.blockingCalls,
    startableFunctions: inputs.startableFunctions,
    project: inputs.project?.kind === 'python' ? inputs.project.index : undefined,
    scriptProject: inputs.project?.kind === 'script' ? inputs.project.index : undefined,
    projectPath: inputs.project?.projectPath,
    projectPending: inputs.project?.pending,
    fileName: filePath,
    types,
    safeCalls: inputs.safeCalls,
    onRuleError: (ruleId, error) => {
      const message = `The rule ${ruleId} failed and its findings are missing; the other rules still ran.`;
      log.errorOnce(`rule-failed:${ruleId}`, message, error);
    },
    onNotAnalysed: (reason) => {
      const file = filePath ?? 'An unsaved file';
      log.warnOnce(`not-analysed:${file}`, `${file} was not analysed: ${reason}. Its problems are not shown.`);
    },
  };
}

/**
 * `display`: what diagnostics should show; in `onSave` mode that is the last result until the
 * next save. `current`: findings of the text as it is now, whatever the mode (fix-all).
 */
export type Freshness = 'display' | 'current';

export class Analyses {
  private readonly results = new Map<string, AnalysisResult>();
  /** Documents saved since their last analysis; `onSave` mode analyses them again. */
  private readonly savedSinceAnalysis = new Set<string>();
  /** Result ids differ between server sessions, so an id from before a restart never matches. */
  private readonly session = randomUUID().slice(0, 8);
  private nextResultId = 1;

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsProvider,
    private readonly inputs: AnalysisInputsResolver,
    private readonly engineReady: Promise<void>,
    private readonly projects: ProjectIndexes,
    private readonly typeChecking: TypeChecking,
    private readonly log: Log,
  ) {}

  /**
   * The result for a document, analysing only when the cache does not serve. Resolves to
   * undefined when the request was cancelled or the document changed meanwhile: the caller
   * must not answer with findings for a text the client no longer has.
   */
  async resultFor(document: OpenDocument, token: CancellationToken, freshness: Freshness): Promise<AnalysisResult | undefined> {
    const version = document.version;
    const [settings] = await Promise.all([this.settings.forDocument(document.uri), this.engineReady]);
    // Lets queued notifications (changes, cancellations) run before deciding what to analyse.
    await yieldToEventLoop();
    const stale = (): boolean => token.isCancellationRequested || this.store.get(document.uri) !== document || document.version !== version;
    if (stale()) return undefined;
    const inputs = this.inputs.inputsFor(document, settings);
    const cached = this.results.get(document.uri);
    const upToDate =
      cached &&
      cached.inputsKey === inputs.key &&
      cached.projectStamp === (inputs.project && indexStamp(inputs.project)) &&
      cached.typesStamp === inputs.typeScript?.stamp;
    if (cached && upToDate) {
      if (cached.version === version) return cached;
      const keepUntilSave = freshness === 'display' && this.waitsForSave(document.uri, settings.run) && !this.savedSinceAnalysis.has(document.uri);
      if (keepUntilSave) return cached;
    }
    try {
      return this.analyse(document, inputs, {
        get isCancellationRequested() {
          return stale();
        },
      });
    } catch (error) {
      if (error instanceof AnalysisCancelledError) return undefined;
      throw error;
    }
  }

  /** The cached result of the document's current version, if there is one. */
  current(document: OpenDocument): AnalysisResult | undefined {
    const cached = this.results.get(document.uri);
    return cached?.version === document.version ? cached : undefined;
  }

  /**
   * Whether the document's results change only when it is saved: in `onSave` mode, and when its
   * last analysis ran out of time. Analysis blocks the server's thread, so re-running such a
   * document on every keystroke would stall every request for the whole budget each time.
   */
  waitsForSave(uri: string, run: RunMode): boolean {
    return run === 'onSave' || this.results.get(uri)?.notice?.code === ANALYSIS_TIMEOUT_CODE;
  }

  noteSaved(uri: string): void {
    this.savedSinceAnalysis.add(uri);
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.savedSinceAnalysis.delete(uri);
  }

  private analyse(document: OpenDocument, inputs: AnalysisInputs, token: CancellationToken): AnalysisResult {
    // Decided first: a skipped text (a 50 MB bundle) is neither parsed, type-checked nor indexed.
    const skipped = inputs.active ? skipReason(document.source.text, document.languageId, inputs.maxFileSize) : undefined;
    const types = inputs.active && !skipped && inputs.typeScript ? this.typeChecking.typesOf(inputs.typeScript) : undefined;
    const { findings, suppressions, notice } = skipped
      ? { findings: [], suppressions: [], notice: skippedFileNotice(skipped) }
      : this.runEngine(document, inputs, types, token);
    const projectStamp = inputs.project && indexStamp(inputs.project);
    const resultId = `${this.session}-${this.nextResultId++}`;
    const version = document.version;
    const diagnostics = findings.map((finding, index) =>
      toDiagnostic(finding, document.uri, {
        ruleId: finding.ruleId,
        version,
        resultId,
        index,
        fixes: finding.fixes.map(({ title, safe }) => ({ title, safe })),
      }),
    );
    if (notice) diagnostics.push(noticeDiagnostic(notice));
    const typesStamp = types?.stamp;
    const result: AnalysisResult = { resultId, version, inputsKey: inputs.key, projectStamp, typesStamp, findings, suppressions, diagnostics, notice };
    this.results.set(document.uri, result);
    this.savedSinceAnalysis.delete(document.uri);
    return result;
  }

  /**
   * The engine's findings. Out of time (counted from here: building a program is not the
   * engine's), none and a notice; cancelled by `token`, AnalysisCancelledError.
   */
  private runEngine(
    document: OpenDocument,
    inputs: AnalysisInputs,
    types: ScriptTypes | undefined,
    token: CancellationToken,
  ): { findings: readonly Finding[]; suppressions: readonly Suppression[]; notice?: AnalysisNotice } {
    const budget = new BudgetToken(token);
    const options = engineOptions(inputs, document.filePath, types, this.log);
    let notAnalysed: string | undefined;
    const onNotAnalysed = (reason: string): void => {
      notAnalysed = reason;
      options.onNotAnalysed?.(reason);
    };
    try {
      const { findings, suppressions, summary, scriptSummary } = inputs.active
        ? analyzeDocument(document.source, { ...options, onNotAnalysed }, budget)
        : { findings: [], suppressions: [], summary: undefined, scriptSummary: undefined };
      // Recorded before the result is stamped: the document's own summary does not make its result stale.
      if (inputs.project) this.projects.record(inputs.project, document.source.text, { summary, scriptSummary });
      return { findings, suppressions, notice: notAnalysed === undefined ? undefined : notAnalysedNotice(notAnalysed) };
    } catch (error) {
      if (!(error instanceof AnalysisCancelledError && budget.timedOut)) throw error;
      logTimeout(this.log, document.filePath ?? document.uri);
      // Cached for this version like any result: asking again does not spend the budget again.
      return { findings: [], suppressions: [], notice: timeoutNotice(true) };
    }
  }
}
