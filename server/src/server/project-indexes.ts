// The cross-file indexes of each workspace folder, one for Python's coroutine functions and
// one for TS/JS's promise-returning exports (what gets indexed: see workspace/project-index.ts
// and workspace/script-index.ts), kept current from three sources:
// - a background scan of the folder: at start-up, when a folder is added, and when what the
//   scan covers changes (`awaitwise.enable`, `awaitwise.exclude`, a configuration file, a
//   workspace folder added inside it, whose files then belong to the inner folder's index).
//   It lists files as the CLI
//   does (.gitignore, skipped folders, exclude globs) and reads them one at a time, yielding
//   to the event loop between two files: a file's parse cannot be split, so that is the
//   longest an analysis of an open document ever waits for the scan;
// - the analyses of open documents: their editor text wins over the disk, so the scan and
//   file events leave open files alone, and closing one reads it from disk again;
// - file-watcher events for the files that are not open.
// Index changes are reported once a burst of them settles, so open documents refresh once.
import { performance } from 'node:perf_hooks';
import type { FileEvent } from 'vscode-languageserver/node';
import { effectiveMaxFileSize } from '../config/effective';
import { ProjectIndex, pythonDependencyKeys, ScriptProjectIndex, type AnalysisResult, type CancellationToken } from '../engine/index';
import { languageForPath } from '../engine/languages';
import { createExcludeMatcher, type PathMatcher } from '../workspace/exclude';
import { isInSkippedFolder, listSourceFiles, wouldList } from '../workspace/files';
import { readSourceTextWithin } from '../workspace/limited-read';
import { relativeInside } from '../workspace/paths';
import { indexPythonText } from '../workspace/project-index';
import { indexScriptText } from '../workspace/script-index';
import { settingsOverrides } from './analysis-inputs';
import type { WorkspaceConfigs } from './config-files';
import type { SettingsProvider } from './configuration';
import { filePathOf, type DocumentStore } from './documents';
import { yieldToEventLoop } from './event-loop';
import type { Log } from './log';
import type { FolderLocation, WorkspaceFolders } from './workspace-folders';

/** Quiet time after the last index change before open documents get new diagnostics. */
const SETTLE_MS = 150;

/** What decides which files a folder's index covers; when it changes, the folder is scanned again. */
interface IndexScope {
  enabled: boolean;
  exclude: readonly string[];
  /** The configuration files' state: their `exclude` applies too. */
  configs: number;
  /** Workspace folders inside this one: their files are theirs. */
  nested: readonly string[];
  /** `awaitwise.maxFileSize` when set: larger files are not read (the configuration file's applies otherwise). */
  maxFileSize: number | undefined;
}

class FolderIndex {
  readonly index = new ProjectIndex();
  readonly scripts = new ScriptProjectIndex();
  readonly excluded: PathMatcher;
  /** Until its first scan finishes, the index lacks files that have not been read yet. */
  scanned = false;
  /**
   * The supported files of the folder as a scan would list them, open ones included: the
   * workspace's file model, which whole-workspace analysis and the checklist walk.
   */
  files = new Set<string>();
  /** Settles when the first scan ends, however it ends. */
  scanning: Promise<unknown> = Promise.resolve();

  constructor(
    readonly folder: FolderLocation,
    readonly scope: IndexScope,
    readonly id: number,
    configExcludes: PathMatcher,
  ) {
    const settingsExcludes = createExcludeMatcher(scope.exclude, folder.path);
    this.excluded = (path) => settingsExcludes(path) || configExcludes(path);
  }

  /** Indexes a file's text in the index of its language; returns whether that changed. */
  indexText(projectPath: string, text: string): boolean {
    return isPythonPath(projectPath) ? indexPythonText(this.index, projectPath, text) : indexScriptText(this.scripts, projectPath, text);
  }

  /** Records a file that is not read (over the size limit): imports resolve to it, and it says nothing more. */
  indexUnread(projectPath: string): boolean {
    return isPythonPath(projectPath) ? this.index.remove(projectPath) : this.scripts.update(projectPath, undefined);
  }

  forget(projectPath: string): boolean {
    return isPythonPath(projectPath) ? this.index.remove(projectPath) : this.scripts.remove(projectPath);
  }
}

/** The keys under which analyses ask about a file (see `QueryLog`). */
function dependencyKeysOf(projectPath: string): string[] {
  return isPythonPath(projectPath) ? pythonDependencyKeys(projectPath) : [projectPath];
}

/**
 * What changed in a folder's index: `keys` were touched (analyses that asked about them may
 * answer differently), or the whole index was `replaced` (or first completed) and every file
 * may answer differently.
 */
export type IndexChange = { readonly folder: string; readonly keys: readonly string[] } | { readonly folder: string; readonly replaced: true };

/** A listed file of a workspace folder. */
export interface ListedFile {
  readonly path: string;
  readonly folder: FolderLocation;
}

function isPythonPath(path: string): boolean {
  return languageForPath(path) === 'python';
}

interface LocationInFolder {
  /** The file's path in its workspace folder, `/`-separated: its key in the index. */
  readonly projectPath: string;
  /** The folder's first scan has not finished: the index may lack files. */
  readonly pending: boolean;
  /** Tells the folder's index from the one a rescan replaced, whose version numbers it repeats. */
  readonly indexId: number;
}

/** Where a file stands in the folder's index its analysis reads: Python's or TS/JS's. */
export type ProjectLocation =
  | (LocationInFolder & { readonly kind: 'python'; readonly index: ProjectIndex })
  | (LocationInFolder & { readonly kind: 'script'; readonly index: ScriptProjectIndex });

/** The state of the index: it differs whenever the index may answer differently. */
export function indexStamp(location: ProjectLocation): string {
  return `${location.indexId}.${location.index.version}${location.pending ? '.pending' : ''}`;
}

export class ProjectIndexes {
  /** By folder path. */
  private readonly indexes = new Map<string, FolderIndex>();
  /** The latest disk read started for each file: an older read finishing later is dropped. */
  private readonly latestReads = new Map<string, object>();
  private reconciling = Promise.resolve();
  private nextId = 1;
  private settleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changeListeners: ((change: IndexChange) => void)[] = [];

  /** `onSettled`: the indexes changed and have been quiet for a moment. */
  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly store: DocumentStore,
    private readonly settings: SettingsProvider,
    private readonly configs: WorkspaceConfigs,
    private readonly engineReady: Promise<void>,
    private readonly log: Log,
    private readonly onSettled: () => void,
  ) {}

  /**
   * Matches the indexes to the workspace folders and their settings, scanning the new ones.
   * Call after start-up and whenever folders or settings change; calls run one at a time.
   */
  reconcile(): void {
    this.reconciling = this.reconciling.then(() => this.reconcileNow()).catch((error: unknown) => this.log.error('Updating the cross-file indexes failed.', error));
  }

  /**
   * Where a file stands in its folder's index of the `kind` of language it is analysed as;
   * undefined outside every folder (no cross-file knowledge).
   */
  locate(filePath: string, kind: ProjectLocation['kind']): ProjectLocation | undefined {
    const folderIndex = this.indexOf(filePath);
    const projectPath = folderIndex && relativeInside(folderIndex.folder.path, filePath);
    // Library sources opened from a virtualenv or node_modules are not part of the project.
    if (!folderIndex || projectPath === undefined || isInSkippedFolder(projectPath)) return undefined;
    const place = { projectPath, indexId: folderIndex.id, pending: !folderIndex.scanned };
    return kind === 'python' ? { ...place, kind, index: folderIndex.index } : { ...place, kind, index: folderIndex.scripts };
  }

  /** Hears every change as it happens, before the settle delay. */
  onChange(listener: (change: IndexChange) => void): void {
    this.changeListeners.push(listener);
  }

  /** The files of every folder whose first scan has finished, each under its innermost folder. */
  listedFiles(): ListedFile[] {
    const listed: ListedFile[] = [];
    for (const folderIndex of this.indexes.values()) {
      if (!folderIndex.scanned) continue;
      for (const path of folderIndex.files) listed.push({ path, folder: folderIndex.folder });
    }
    return listed;
  }

  /** Resolves once every folder's first scan has ended (or the token is cancelled). */
  async whenScanned(token: CancellationToken): Promise<void> {
    await this.reconciling;
    // A folder re-scanned meanwhile (settings changed) is waited for too.
    for (let waited = new Set<FolderIndex>(); !token.isCancellationRequested; ) {
      const scanning = [...this.indexes.values()].filter((folderIndex) => folderIndex.scope.enabled && !folderIndex.scanned && !waited.has(folderIndex));
      if (scanning.length === 0) return;
      waited = new Set([...waited, ...scanning]);
      await Promise.all(scanning.map((folderIndex) => folderIndex.scanning));
    }
  }

  /** Whether every enabled folder's first scan has finished. */
  get allScanned(): boolean {
    return [...this.indexes.values()].every((folderIndex) => folderIndex.scanned || !folderIndex.scope.enabled);
  }

  /** An open document was analysed: its editor text (and the summary its analysis made) is what the index holds for it. */
  record(location: ProjectLocation, text: string, result: Pick<AnalysisResult, 'summary' | 'scriptSummary'>): void {
    const changed =
      location.kind === 'python'
        ? result.summary !== undefined && indexPythonText(location.index, location.projectPath, text, result.summary)
        : indexScriptText(location.index, location.projectPath, text, result.scriptSummary);
    const folderIndex = [...this.indexes.values()].find((candidate) => candidate.id === location.indexId);
    if (changed && folderIndex) this.keysChanged(folderIndex, location.projectPath);
    else if (changed) this.changed();
  }

  /** A document was closed: from now on the disk speaks for it. */
  closed(filePath: string): void {
    const folderIndex = this.indexOf(filePath);
    if (folderIndex) this.background(this.indexFromDisk(folderIndex, [filePath], true));
  }

  /** Watched files changed on disk. The event kind does not matter: the disk says what is there now. */
  filesChanged(events: readonly FileEvent[]): void {
    const changed = new Map<FolderIndex, string[]>();
    for (const event of events) {
      const filePath = filePathOf(event.uri);
      if (!filePath || !languageForPath(filePath) || this.store.isOpenFile(filePath)) continue;
      const folderIndex = this.indexOf(filePath);
      const projectPath = folderIndex && relativeInside(folderIndex.folder.path, filePath);
      // Dropped before any disk access: `npm install` sends bursts of these from node_modules.
      if (!folderIndex || projectPath === undefined || isInSkippedFolder(projectPath)) continue;
      const paths = changed.get(folderIndex);
      if (paths) paths.push(filePath);
      else changed.set(folderIndex, [filePath]);
    }
    for (const [folderIndex, paths] of changed) this.background(this.indexFromDisk(folderIndex, paths, true));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.settleTimer);
    this.indexes.clear();
  }

  private async reconcileNow(): Promise<void> {
    const folders = this.folders.all;
    const scopes = await Promise.all(folders.map((folder) => this.scopeOf(folder)));
    if (this.disposed) return;
    let changed = false;
    const present = new Set(folders.map((folder) => folder.path));
    for (const path of this.indexes.keys()) {
      if (present.has(path)) continue;
      this.indexes.delete(path);
      this.emit({ folder: path, replaced: true });
      changed = true;
    }
    folders.forEach((folder, position) => {
      const scope = scopes[position];
      const current = this.indexes.get(folder.path);
      if (current && JSON.stringify(current.scope) === JSON.stringify(scope)) return;
      const folderIndex = new FolderIndex(folder, scope, this.nextId++, this.configs.excludes);
      this.indexes.set(folder.path, folderIndex);
      changed = true;
      this.emit({ folder: folder.path, replaced: true });
      if (scope.enabled) folderIndex.scanning = this.background(this.scan(folderIndex));
    });
    if (changed) this.changed();
  }

  private async scopeOf(folder: FolderLocation): Promise<IndexScope> {
    const settings = await this.settings.forDocument(folder.uri);
    return {
      enabled: settings.enable,
      exclude: settings.exclude,
      configs: this.configs.stamp,
      nested: this.folders.nestedIn(folder.path),
      maxFileSize: settingsOverrides(settings).maxFileSize,
    };
  }

  private async scan(folderIndex: FolderIndex): Promise<void> {
    const started = performance.now();
    const { path } = folderIndex.folder;
    const listing = await listSourceFiles([path], { exclude: folderIndex.excluded });
    for (const problem of listing.problems) {
      this.log.warnOnce(`index-listing:${problem.path}:${problem.reason}`, `Cross-file index: cannot read ${problem.path}: ${problem.reason}.`);
    }
    const files = listing.files.filter((file) => this.indexOf(file.path) === folderIndex);
    for (const file of files) folderIndex.files.add(file.path);
    const paths = files.map((file) => file.path).filter((file) => !this.store.isOpenFile(file));
    if (!(await this.indexFromDisk(folderIndex, paths, false))) return;
    folderIndex.scanned = true;
    // Results stamped while the scan ran are stale now, even where the index's version did not move.
    this.emit({ folder: path, replaced: true });
    this.changed();
    const elapsed = Math.round(performance.now() - started);
    const python = files.filter((file) => file.language === 'python').length;
    this.log.info(`Cross-file index of ${path}: ${python} Python files listed, ${folderIndex.index.size} indexed (${elapsed} ms).`);
    this.log.info(`Cross-file TS/JS index of ${path}: ${files.length - python} files listed, ${folderIndex.scripts.size} indexed.`);
  }

  /**
   * Indexes the files as they are on disk, one at a time. `checkListed`: drop the files a scan
   * would not list (they come from events, not from a listing). Resolves to false when it
   * stopped early because the index was replaced or the server is shutting down.
   */
  private async indexFromDisk(folderIndex: FolderIndex, paths: readonly string[], checkListed: boolean): Promise<boolean> {
    await this.engineReady;
    for (const path of paths) {
      if (!this.isCurrent(folderIndex)) return false;
      await this.indexFileFromDisk(folderIndex, path, checkListed);
      // Queued messages (a pull, an edit) go before the next file.
      await yieldToEventLoop();
    }
    return this.isCurrent(folderIndex);
  }

  private async indexFileFromDisk(folderIndex: FolderIndex, filePath: string, checkListed: boolean): Promise<void> {
    const read = {};
    this.latestReads.set(filePath, read);
    const listed = !checkListed || (await wouldList(folderIndex.folder.path, filePath, { exclude: folderIndex.excluded }));
    const source = listed ? await readSourceTextWithin(filePath, effectiveMaxFileSize(this.configs.forPath(filePath), folderIndex.scope)) : undefined;
    if (this.latestReads.get(filePath) !== read) return;
    this.latestReads.delete(filePath);
    // Opened meanwhile: the editor's text wins, and its analysis indexes it.
    if (!this.isCurrent(folderIndex)) return;
    // Missing, unreadable, binary or not listed: the file is not part of the workspace.
    if (source?.kind === 'text' || source?.kind === 'too-large') folderIndex.files.add(filePath);
    else folderIndex.files.delete(filePath);
    if (this.store.isOpenFile(filePath)) return;
    const projectPath = relativeInside(folderIndex.folder.path, filePath)!;
    let changed: boolean;
    try {
      if (source?.kind === 'text') changed = folderIndex.indexText(projectPath, source.text);
      else if (source?.kind === 'too-large') changed = folderIndex.indexUnread(projectPath);
      else changed = folderIndex.forget(projectPath);
    } catch (error) {
      this.log.errorOnce(`index-failed:${filePath}`, `Cross-file index: cannot summarise ${filePath}.`, error);
      return;
    }
    if (changed) this.keysChanged(folderIndex, projectPath);
  }

  /** The index of the innermost workspace folder holding the file. */
  private indexOf(filePath: string): FolderIndex | undefined {
    const folder = this.folders.folderFor(filePath);
    return folder && this.indexes.get(folder.path);
  }

  private isCurrent(folderIndex: FolderIndex): boolean {
    return !this.disposed && this.indexes.get(folderIndex.folder.path) === folderIndex;
  }

  /** A file's entry changed: analyses that asked about it are stale, and open documents refresh. */
  private keysChanged(folderIndex: FolderIndex, projectPath: string): void {
    // While the first scan runs, every file's analysis waits for its end (`replaced`).
    if (folderIndex.scanned) this.emit({ folder: folderIndex.folder.path, keys: dependencyKeysOf(projectPath) });
    this.changed();
  }

  private emit(change: IndexChange): void {
    for (const listener of this.changeListeners) listener(change);
  }

  private changed(): void {
    if (this.disposed) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.onSettled();
    }, SETTLE_MS);
  }

  private background(work: Promise<unknown>): Promise<unknown> {
    return work.catch((error: unknown) => this.log.error('Updating a cross-file index failed.', error));
  }
}
