// Source files on disk: which ones a run covers, and their text. Shared by the CLI and the
// language server's whole-workspace scans.
//
// What gets listed:
// - Folders are walked; only supported extensions are kept (`languageForPath`).
// - Inside a walked folder, `.gitignore` files found in that folder and below apply, with
//   git's meaning (patterns relative to their own folder, deeper files may re-include).
//   Files above the walked folder, `.git/info/exclude` and global ignores are not read:
//   no git repository is looked for.
// - `ALWAYS_SKIPPED_DIRS` are never entered while walking.
// - Symlinked folders are never entered: a target inside the tree is walked anyway, and one
//   outside it is not part of what was asked for (skipping them also rules out cycles).
//   Symlinked files are read like files.
// - A path named explicitly is taken as asked, even when gitignored or under a skipped
//   folder (as ruff does); only the exclude matcher removes it. A named file without a
//   supported extension is reported in `skipped`, not as a problem.
// Problems (missing or unreadable paths) are returned with a reason rather than thrown, so a
// run can report them all and go on with the rest.
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageForPath } from '../engine/languages';
import type { SourceLanguage } from '../engine/types';
import { ALWAYS_SKIPPED_DIRS, type PathMatcher } from './exclude';
import { relativeInside } from './paths';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  language: SourceLanguage;
}

export interface PathProblem {
  path: string;
  reason: string;
}

export interface SourceFileListing {
  /** Sorted by path, without duplicates. */
  files: SourceFile[];
  /** Paths that could not be listed: missing, unreadable, or neither file nor folder. */
  problems: PathProblem[];
  /** Explicitly named files that are not supported source files. */
  skipped: PathProblem[];
}

export interface ListOptions {
  /** Paths to leave out (see `createExcludeMatcher`); applies to named paths too. */
  exclude?: PathMatcher;
}

/** A `.gitignore` and the folder its patterns are relative to. */
interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'name too long',
};

/** A short reason for a file-system error, for messages that already name the path. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_REASONS[code]) return FS_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Git's verdict: the innermost `.gitignore` with an opinion decides. */
function isGitignored(path: string, isDirectory: boolean, layers: readonly IgnoreLayer[]): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = toPosix(relative(layer.dir, path)) + (isDirectory ? '/' : '');
    const verdict = layer.rules.test(rel);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** The layers with the `.gitignore` of `dir` added; throws when it cannot be read. */
async function addGitignoreOf(dir: string, layers: readonly IgnoreLayer[]): Promise<readonly IgnoreLayer[]> {
  return [...layers, { dir, rules: ignore().add(await readFile(join(dir, '.gitignore'), 'utf8')) }];
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

class Walker {
  readonly files = new Map<string, SourceFile>();
  readonly problems: PathProblem[] = [];
  readonly skipped: PathProblem[] = [];

  constructor(private readonly exclude: PathMatcher) {}

  async addNamedPath(input: string): Promise<void> {
    const path = resolve(input);
    if (this.exclude(path)) return;
    let stats;
    try {
      stats = await stat(path);
    } catch (error) {
      this.problems.push({ path, reason: describeFsError(error) });
      return;
    }
    if (stats.isDirectory()) {
      await this.walk(path, []);
    } else if (!stats.isFile()) {
      this.problems.push({ path, reason: 'not a regular file or directory' });
    } else {
      const language = languageForPath(path);
      if (language) this.files.set(path, { path, language });
      else this.skipped.push({ path, reason: 'not a supported source file' });
    }
  }

  private async walk(dir: string, inherited: readonly IgnoreLayer[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ path: dir, reason: describeFsError(error) });
      return;
    }
    const layers = await this.withGitignore(dir, entries, inherited);
    for (const entry of entries.sort(byName)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name) || isGitignored(path, true, layers) || this.exclude(path)) continue;
        await this.walk(path, layers);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const language = languageForPath(entry.name);
        if (!language || isGitignored(path, false, layers) || this.exclude(path)) continue;
        if (entry.isSymbolicLink() && !(await this.isFileBehindLink(path))) continue;
        this.files.set(path, { path, language });
      }
    }
  }

  private async withGitignore(dir: string, entries: readonly Dirent[], inherited: readonly IgnoreLayer[]): Promise<readonly IgnoreLayer[]> {
    if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return inherited;
    try {
      return await addGitignoreOf(dir, inherited);
    } catch (error) {
      this.problems.push({ path: join(dir, '.gitignore'), reason: describeFsError(error) });
      return inherited;
    }
  }

  /** True for a link to a file; links to folders are not followed, broken links are problems. */
  private async isFileBehindLink(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      this.problems.push({ path, reason: describeFsError(error) });
      return false;
    }
  }
}

/** Lists the supported source files under `paths` (files and folders, relative to the cwd). */
export async function listSourceFiles(paths: readonly string[], options: ListOptions = {}): Promise<SourceFileListing> {
  const walker = new Walker(options.exclude ?? (() => false));
  for (const path of paths) await walker.addNamedPath(path);
  const files = [...walker.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems: walker.problems, skipped: walker.skipped };
}

/** Whether a `/`-separated relative path runs through a folder walks never enter (`ALWAYS_SKIPPED_DIRS`). */
export function isInSkippedFolder(relativePath: string): boolean {
  return relativePath.split('/').slice(0, -1).some((name) => ALWAYS_SKIPPED_DIRS.has(name));
}

/**
 * Whether walking the folder `root` would list `path`, found without walking: the same skipped
 * folders, `.gitignore` files (those from `root` down to the file's folder) and exclude
 * matcher. Keeps a listing current from file-change events. The file itself is not read, so
 * a deleted file gets an answer too; symlinked folders on the way are not detected.
 */
export async function wouldList(root: string, path: string, options: ListOptions = {}): Promise<boolean> {
  const exclude = options.exclude ?? (() => false);
  const inside = relativeInside(root, path);
  if (inside === undefined || !languageForPath(path)) return false;
  // Decided without reading anything: package installs into a virtualenv send bursts of these.
  if (isInSkippedFolder(inside)) return false;
  const folders = inside.split('/').slice(0, -1);
  let layers = await addGitignoreOf(root, []).catch(() => []);
  let dir = root;
  for (const name of folders) {
    dir = join(dir, name);
    if (isGitignored(dir, true, layers) || exclude(dir)) return false;
    const outer = layers;
    layers = await addGitignoreOf(dir, outer).catch(() => outer);
  }
  return !isGitignored(path, false, layers) && !exclude(path);
}

export type SourceText =
  | {
      kind: 'text';
      text: string;
      /** False when the bytes are not valid UTF-8: `text` then holds replacement characters and must not be written back. */
      exact: boolean;
    }
  | { kind: 'binary' }
  | { kind: 'unreadable'; reason: string };

const exactUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads a source file as UTF-8, keeping a byte order mark so a rewrite preserves it. A NUL
 * byte marks the file as binary: no source text contains one.
 */
export async function readSourceText(path: string): Promise<SourceText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'unreadable', reason: describeFsError(error) };
  }
  if (bytes.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: exactUtf8.decode(bytes), exact: true };
  } catch {
    return { kind: 'text', text: lenientUtf8.decode(bytes), exact: false };
  }
}
