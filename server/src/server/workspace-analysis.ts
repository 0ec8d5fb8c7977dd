// Findings for the files of the workspace folders that are not open, analysed from disk with the
// inputs an open document of the same file would get. Each file's findings are kept until one
// of these changes: the file on disk (mtime and size), its inputs (settings), or an answer its
// analysis got from the cross-file index (every key it asked about is recorded, so a function
// turning async re-analyses only the files that asked about it).
//
// Two kinds of demand drive the work:
// - the background, for the folders whose `awaitwise.scope` is `workspace`: the first scan of
//   every file, then upkeep of the files that changed (their results go out as diagnostics);
// - a request that needs every file at once (the workspace checklist), whatever the scope.
// Files are analysed one at a time on the server's thread. Any edit interrupts the file being
// analysed (it is redone later) and the background waits for typing to pause, so analysis of
// the document being edited is never queued behind the workspace.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  AnalysisCancelledError,
  analyze,
  contentSkipReason,
  recordingQueries,
  type CancellationToken,
  type Finding,
  type SkipReason,
} from '../engine/index';
import type { Severity, SourceLanguage } from '../engine/types';
import { languageForPath } from '../engine/languages';
import type { SourceText } from '../workspace/files';
import { readSourceTextWithin } from '../workspace/limited-read';
import { BudgetToken, logTimeout, timeoutNotice } from './analysis-budget';
import type { AnalysisInputsResolver } from './analysis-inputs';
import { engineOptions } from './analysis';
import type { SettingsProvider } from './configuration';
import type { AnalysisNotice } from './diagnostics';
import type { DocumentStore } from './documents';
import { yieldToEventLoop } from './event-loop';
import type { Log } from './log';
import type { IndexChange, ListedFile, ProjectIndexes } from './project-indexes';
import type { TypeChecking } from './type-checking';
import type { WorkspaceFolders } from './workspace-folders';

/** Quiet time after the last edit before background analysis resumes. */
const TYPING_PAUSE_MS = 200;

/** One file's findings as last analysed from disk. */
export interface FileResult {
  readonly uri: string;
  readonly language: SourceLanguage;
  /** Unique per analysis: the workspace diagnostics result id. */
  readonly resultId: string;
  /** The rules its analysis ran (the checklist tells "passed" from "not checked"). */
  readonly rules: ReadonlyMap<string, Severity>;
  /** Without fixes: a fix is only ever applied to an open document, which is analysed anew. */
  readonly findings: readonly Finding[];
  /** Set when the findings are missing, saying why (the analysis ran out of time). */
  readonly notice: AnalysisNotice | undefined;
}

interface FileEntry {
  readonly folder: string;
  /** The file on disk and its inputs; the same stamp means the same findings, unless `stale`. */
  readonly stamp: string;
  /** What the analysis asked the cross-file index; undefined when the file has no index. */
  readonly dependencies: ReadonlySet<string> | undefined;
  /** The type checker's project the findings used, in type-aware mode. */
  readonly typesProject: string | undefined;
  readonly result: FileResult;
}

/** What a pass over files produced. */
interface PassChanges {
  /** Files with new findings (or first analysed). */
  readonly updated: number;
  /** Files that left the workspace (deleted, excluded, folder removed). */
  readonly removed: number;
  /** Files looked at (the rest were left when the pass was cancelled). */
  readonly done: number;
}

/** Progress of a long background pass, shown to the user; `cancelled` stops the pass. */
export interface PassProgress {
  report(done: number): void;
  readonly cancelled: boolean;
  end(): void;
}

export type ProgressFactory = (total: number) => Promise<PassProgress>;

/** Passes with fewer files than this show no progress: they end before it would be read. */
const PROGRESS_THRESHOLD = 20;

const NO_FIXES: Finding['fixes'] = [];

export class WorkspaceAnalysis {
  private readonly entries = new Map<string, FileEntry>();
  /** Files whose findings may have changed though their stamp did not (an index answer changed). */
  private readonly stale = new Set<string>();
  /**
   * Files left unanalysed (too large, generated, minified), with the stamp they had: they get no
   * entry, so nothing shows for them, and are not read again until the stamp moves.
   */
  private readonly skipped = new Map<string, string>();
  /** Files to look at in the next background pass. */
  private readonly dirty = new Set<string>();
  /** The next background pass looks at every listed file (first scan, settings changed). */
  private everything = true;
  /** Folders analysed in the background (scope `workspace`, enabled), by path. */
  private backgroundFolders = new Set<string>();
  /** The user cancelled the background pass: only files already analysed are kept current. */
  private backgroundStopped = false;
  private running: Promise<void> | undefined;
  private lastEdit = 0;
  private edits = 0;
  /** Result ids differ between server sessions, so an id from before a restart never matches. */
  private readonly session = randomUUID().slice(0, 8);
  private nextResultId = 1;
  private disposed = false;
  private readonly listeners: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsProvider,
    private readonly inputs: AnalysisInputsResolver,
    private readonly projects: ProjectIndexes,
    private readonly folders: WorkspaceFolders,
    private readonly typeChecking: TypeChecking,
    private readonly engineReady: Promise<void>,
    private readonly log: Log,
    private readonly progress: ProgressFactory,
  ) {
    projects.onChange((change) => this.indexChanged(change));
  }

  /** Hears that `backgroundResults()` may differ: files analysed or removed, or the scope changed. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The findings to show for files that are not open, in the folders analysed in the background. */
  backgroundResults(): FileResult[] {
    const results: FileResult[] = [];
    for (const [path, entry] of this.entries) {
      if (this.backgroundFolders.has(entry.folder) && !this.store.isOpenFile(path)) results.push(entry.result);
    }
    return results;
  }

  /** No background work is queued or running. */
  get idle(): boolean {
    return this.running === undefined && !this.hasBackgroundWork();
  }

  /** Resolves once no background work is queued or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Settings, folders or configuration changed: every file's inputs may differ. */
  async reconcile(): Promise<void> {
    const folders = await Promise.all(
      this.folders.all.map(async (folder) => {
        const settings = await this.settings.forDocument(folder.uri);
        return settings.enable && settings.scope === 'workspace' ? folder.path : undefined;
      }),
    );
    const background = new Set(folders.filter((path): path is string => path !== undefined));
    const scopeChanged = [...background].sort().join('\n') !== [...this.backgroundFolders].sort().join('\n');
    this.backgroundFolders = background;
    this.backgroundStopped = false;
    this.everything = true;
    if (scopeChanged) this.notify();
    this.schedule();
  }

  /** An open document was edited: background analysis steps aside until typing pauses. */
  edited(): void {
    this.lastEdit = performance.now();
    this.edits++;
  }

  /** A document was closed: the disk speaks for it again. */
  closed(path: string): void {
    this.dirty.add(path);
    this.schedule();
  }

  /** Watched files changed on disk (the cross-file index reports its own changes). */
  filesChanged(paths: readonly string[]): void {
    for (const path of paths) {
      this.dirty.add(path);
      // A type-aware file's findings depend on the whole program: re-analyse its project's files.
      const project = this.entries.get(path)?.typesProject;
      if (project === undefined || languageForPath(path) === 'python') continue;
      for (const [other, entry] of this.entries) if (entry.typesProject === project) this.markStale(other);
    }
    this.schedule();
  }

  /** The user cancelled the background pass. */
  stopBackground(): void {
    this.backgroundStopped = true;
  }

  /**
   * Brings every listed file of every enabled folder up to date (open ones excepted), whatever
   * the scope, and returns their results. Resolves early, with `complete` false, when cancelled.
   */
  async everyFile(token: CancellationToken): Promise<{ results: FileResult[]; complete: boolean }> {
    await this.projects.whenScanned(token);
    const listed = this.projects.listedFiles().filter((file) => !this.store.isOpenFile(file.path));
    const changes = await this.pass(listed, token, undefined);
    if (changes.updated > 0 || changes.removed > 0) this.notify();
    const results = listed.flatMap((file) => this.entries.get(file.path)?.result ?? []);
    return { results, complete: !token.isCancellationRequested && this.projects.allScanned };
  }

  dispose(): void {
    this.disposed = true;
    this.entries.clear();
    this.resolveIdle();
  }

  private indexChanged(change: IndexChange): void {
    if ('replaced' in change) {
      for (const [path, entry] of this.entries) if (entry.folder === change.folder) this.markStale(path);
      this.everything = true;
    } else {
      const keys = new Set(change.keys);
      for (const [path, entry] of this.entries) {
        if (entry.folder !== change.folder || !entry.dependencies) continue;
        for (const key of entry.dependencies) {
          if (!keys.has(key)) continue;
          this.markStale(path);
          break;
        }
      }
    }
    this.schedule();
  }

  private markStale(path: string): void {
    this.stale.add(path);
    this.dirty.add(path);
  }

  private hasBackgroundWork(): boolean {
    // Until the cross-file index is complete, findings would lack what other files define; its
    // completion (`replaced`) schedules the pass.
    if (this.disposed || this.backgroundFolders.size === 0 || !this.projects.allScanned) return false;
    return (this.everything && !this.backgroundStopped) || this.dirty.size > 0;
  }

  private schedule(): void {
    if (this.running || !this.hasBackgroundWork()) {
      if (this.idle) this.resolveIdle();
      return;
    }
    this.running = this.runBackground()
      .catch((error: unknown) => this.log.error('Analysing the workspace failed.', error))
      .finally(() => {
        this.running = undefined;
        if (this.hasBackgroundWork()) this.schedule();
        else this.resolveIdle();
      });
  }

  private async runBackground(): Promise<void> {
    await this.engineReady;
    while (this.hasBackgroundWork()) {
      const everything = this.everything && !this.backgroundStopped;
      const dirty = new Set(this.dirty);
      this.everything = false;
      this.dirty.clear();
      const listed = this.projects.listedFiles();
      const listedPaths = new Set(listed.map((file) => file.path));
      const wanted = listed.filter(
        (file) =>
          this.backgroundFolders.has(file.folder.path) &&
          !this.store.isOpenFile(file.path) &&
          (everything || dirty.has(file.path)) &&
          (!this.backgroundStopped || this.entries.has(file.path)),
      );
      const removed = this.dropUnlisted(everything ? [...this.entries.keys()] : dirty, listedPaths);
      const progress = wanted.length >= PROGRESS_THRESHOLD ? await this.progress(wanted.length) : undefined;
      let done = 0;
      try {
        const changes = await this.pass(wanted, { isCancellationRequested: false }, progress);
        done = changes.done;
        if (removed > 0 || changes.updated > 0 || changes.removed > 0) this.notify();
      } finally {
        progress?.end();
      }
      if (progress?.cancelled) {
        this.log.info(`Workspace analysis cancelled: ${done} of ${wanted.length} files analysed; the others are analysed when they change.`);
        this.stopBackground();
      }
    }
  }

  /** Drops the entries of `paths` that are no longer listed; returns how many there were. */
  private dropUnlisted(paths: Iterable<string>, listed: ReadonlySet<string>): number {
    let removed = 0;
    for (const path of paths) {
      if (listed.has(path) || !this.entries.delete(path)) continue;
      this.stale.delete(path);
      this.skipped.delete(path);
      removed++;
    }
    return removed;
  }

  /** Brings each file up to date, one at a time, yielding between files. */
  private async pass(files: readonly ListedFile[], token: CancellationToken, progress: PassProgress | undefined): Promise<PassChanges> {
    await this.engineReady;
    let updated = 0;
    let removed = 0;
    let done = 0;
    for (const file of files) {
      if (token.isCancellationRequested || progress?.cancelled || this.disposed) break;
      await this.waitForTypingPause(token);
      if (token.isCancellationRequested || this.store.isOpenFile(file.path)) continue;
      const outcome = await this.refresh(file);
      if (outcome === 'interrupted') {
        // Redone later: the background pass picks it up again.
        this.dirty.add(file.path);
      } else if (outcome === 'removed') {
        if (this.entries.delete(file.path)) removed++;
        this.stale.delete(file.path);
      } else if (outcome) {
        updated++;
      }
      progress?.report(++done);
      await yieldToEventLoop();
    }
    return { updated, removed, done };
  }

  private async waitForTypingPause(token: CancellationToken): Promise<void> {
    for (;;) {
      const quiet = performance.now() - this.lastEdit;
      if (quiet >= TYPING_PAUSE_MS || token.isCancellationRequested) return;
      await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS - quiet));
    }
  }

  /**
   * Analyses the file unless its entry is current. Returns the new result, undefined when the
   * entry was current, `removed` when the file is gone or inactive, `interrupted` when an edit
   * stopped the analysis (running out of time gives a result with a notice).
   */
  private async refresh(file: ListedFile): Promise<FileResult | 'removed' | 'interrupted' | undefined> {
    const language = languageForPath(file.path);
    if (!language) return 'removed';
    const settings = await this.settings.forDocument(file.folder.uri);
    const inputs = this.inputs.inputsFor({ languageId: language, filePath: file.path }, settings);
    if (!inputs.active) return 'removed';
    let fileStamp: string;
    let fileSize: number;
    try {
      const { mtimeMs, size } = await stat(file.path);
      fileStamp = `${mtimeMs}:${size}`;
      fileSize = size;
    } catch {
      return 'removed';
    }
    const stamp = JSON.stringify([fileStamp, inputs.key]);
    const previous = this.entries.get(file.path);
    if (previous?.stamp === stamp && !this.stale.has(file.path)) return undefined;
    if (this.skipped.get(file.path) === stamp) return 'removed';

    const source = await this.readToAnalyse(file.path, language, fileSize, inputs.maxFileSize);
    if (source.kind === 'skipped') {
      this.skipped.set(file.path, stamp);
      this.log.info(`Workspace analysis skips ${file.path}: ${source.reason.message}.`);
    }
    if (source.kind !== 'text' || this.store.isOpenFile(file.path)) return 'removed';
    this.skipped.delete(file.path);
    const types = inputs.typeScript ? this.typeChecking.typesOf(inputs.typeScript) : undefined;
    const token = new BudgetToken(this.interruptedByEdits());
    const run = (): Finding[] => analyze(source.text, language, engineOptions(inputs, file.path, types, this.log), token);
    let findings: Finding[];
    let dependencies: ReadonlySet<string> | undefined;
    let notice: AnalysisNotice | undefined;
    try {
      const index = inputs.project?.index;
      if (index) ({ value: findings, keys: dependencies } = recordingQueries(index, run));
      else findings = run();
    } catch (error) {
      if (!(error instanceof AnalysisCancelledError)) {
        this.log.errorOnce(`workspace-file:${file.path}`, `Could not analyse ${file.path}.`, error);
        return 'removed';
      }
      if (!token.timedOut) return 'interrupted';
      // Kept like a result: the file is not analysed again until it changes.
      logTimeout(this.log, file.path);
      findings = [];
      notice = timeoutNotice(false);
    }
    this.stale.delete(file.path);
    const result: FileResult = {
      uri: previous?.result.uri ?? pathToFileURL(file.path).href,
      language,
      resultId: `${this.session}-w${this.nextResultId++}`,
      rules: inputs.rules,
      findings: findings.map((finding) => (finding.fixes.length > 0 ? { ...finding, fixes: NO_FIXES } : finding)),
      notice,
    };
    this.entries.set(file.path, { folder: file.folder.path, stamp, dependencies, typesProject: inputs.typeScript?.key, result });
    return result;
  }

  /** The file's text, unless it cannot be read or is not to be analysed; a file over the size limit is not read at all. */
  private async readToAnalyse(path: string, language: SourceLanguage, size: number, maxFileSize: number): Promise<SourceText | { kind: 'skipped'; reason: SkipReason }> {
    const source = await readSourceTextWithin(path, maxFileSize, size);
    if (source.kind === 'too-large') return { kind: 'skipped', reason: source.reason };
    const reason = source.kind === 'text' ? contentSkipReason(source.text, language) : undefined;
    return reason ? { kind: 'skipped', reason } : source;
  }

  /** Cancelled by the next edit of an open document. */
  private interruptedByEdits(): CancellationToken {
    const edits = this.edits;
    const analysis = this;
    return {
      get isCancellationRequested() {
        return analysis.edits !== edits;
      },
    };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private resolveIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
