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
// - A symlinked file is listed only when the file it leads to is inside the folder being
//   walked: a link out of it is reported in `skipped`, so a checkout cannot make a scan read
//   files elsewhere on the disk. A file is listed once: a link to a file that is listed under
//   its own path is left out (the same text would be reported, and fixed, twice), and of
//   several links to one file that is not, the first by path is kept.
// - A path named explicitly is taken as asked, even when gitignored or under a skipped
//   folder (as ruff does); only the exclude matcher removes it. A named file without a
//   supported extension is reported in `skipped`, not as a problem.
// Problems (missing or unreadable paths) are returned with a reason rather than thrown, so a
// run can report them all and go on with the rest.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
  /** Explicitly named files that are not supported source files, and links out of a walked folder. */
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
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
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

/** A folder named to be walked, and where it really is: the links found inside must stay inside it. */
interface WalkRoot {
  path: string;
  real: string;
}

class Walker {
  readonly files = new Map<string, SourceFile>();
  readonly problems: PathProblem[] = [];
  readonly skipped: PathProblem[] = [];
  /** Real paths of the files listed under their own path. */
  private readonly realFiles = new Set<string>();
  /** The links listed, by path, with the real path of the file each leads to. */
  private readonly links = new Map<string, string>();

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
      const real = await realpath(path).catch(() => path);
      await this.walk(path, [], { path, real });
    } else if (!stats.isFile()) {
      this.problems.push({ path, reason: 'not a regular file or directory' });
    } else {
      const language = languageForPath(path);
      if (language) this.list({ path, language }, path);
      else this.skipped.push({ path, reason: 'not a supported source file' });
    }
  }

  /** Sorted by path, each real file once (see the top of this file). */
  listed(): SourceFile[] {
    const seen = new Set(this.realFiles);
    return [...this.files.values()].sort(byPath).filter((file) => {
      const real = this.links.get(file.path);
      if (real === undefined) return true;
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    });
  }

  private list(file: SourceFile, real: string, isLink = false): void {
    this.files.set(file.path, file);
    if (isLink) this.links.set(file.path, real);
    else this.realFiles.add(real);
  }

  private async walk(dir: string, inherited: readonly IgnoreLayer[], root: WalkRoot): Promise<void> {
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
        await this.walk(path, layers, root);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const language = languageForPath(entry.name);
        if (!language || isGitignored(path, false, layers) || this.exclude(path)) continue;
        if (entry.isFile()) {
          // No symlinked folder is entered, so below the root a path is its real path.
          this.list({ path, language }, join(root.real, relative(root.path, path)));
        } else {
          const real = await this.linkedFileInside(path, root);
          if (real !== undefined) this.list({ path, language }, real, true);
        }
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

  /**
   * The real path of the file a link leads to, when that file is inside the folder being
   * walked. Links to folders are not followed, broken links (and link cycles) are problems,
   * and links out of the folder are skipped.
   */
  private async linkedFileInside(path: string, root: WalkRoot): Promise<string | undefined> {
    let real: string;
    try {
      real = await realpath(path);
      if (!(await stat(real)).isFile()) return undefined;
    } catch (error) {
      this.problems.push({ path, reason: describeFsError(error) });
      return undefined;
    }
    if (relativeInside(root.real, real) !== undefined) return real;
    this.skipped.push({ path, reason: 'a symbolic link to a file outside the folder being checked' });
    return undefined;
  }
}

function byPath(a: SourceFile, b: SourceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Lists the supported source files under `paths` (files and folders, relative to the cwd). */
export async function listSourceFiles(paths: readonly string[], options: ListOptions = {}): Promise<SourceFileListing> {
  const walker = new Walker(options.exclude ?? (() => false));
  for (const path of paths) await walker.addNamedPath(path);
  return { files: walker.listed(), problems: walker.problems, skipped: walker.skipped };
}

/** Whether a `/`-separated relative path runs through a folder walks never enter (`ALWAYS_SKIPPED_DIRS`). */
export function isInSkippedFolder(relativePath: string): boolean {
  return relativePath.split('/').slice(0, -1).some((name) => ALWAYS_SKIPPED_DIRS.has(name));
}

/**
 * Whether walking the folder `root` would list `path`, found without walking: the same skipped
 * folders, `.gitignore` files (those from `root` down to the file's folder) and exclude
 * matcher, and the same rules for symlinks. Keeps a listing current from file-change events.
 * The file itself is not read, so a deleted file gets an answer too, by its path.
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
  return !isGitignored(path, false, layers) && !exclude(path) && (await linksAllow(root, inside, options));
}

/**
 * The walk's rules for symlinks, for `wouldList`: nothing under a symlinked folder is listed,
 * and a link to a file only when that file is inside `root` and not listed under its own path.
 * A path that is not there (any more) is judged by its name.
 */
async function linksAllow(root: string, inside: string, options: ListOptions): Promise<boolean> {
  const path = join(root, inside);
  let realRoot: string;
  let realFolder: string;
  let isLink: boolean;
  try {
    realRoot = await realpath(root);
    realFolder = await realpath(dirname(path));
    isLink = (await lstat(path)).isSymbolicLink();
  } catch {
    return true;
  }
  // A symlinked folder on the way: a walk never enters it.
  if (realFolder !== join(realRoot, dirname(inside))) return false;
  if (!isLink) return true;
  let target: string | undefined;
  try {
    const real = await realpath(path);
    target = (await stat(real)).isFile() ? relativeInside(realRoot, real) : undefined;
  } catch {
    return false;
  }
  return target !== undefined && !(await wouldList(root, join(root, target), options));
}

export type SourceText =
  | {
      kind: 'text';
      text: string;
      /** False when the bytes are not valid UTF-8: `text` then holds replacement characters and must not be written back. */
      exact: boolean;
      /** The file starts with a UTF-8 byte order mark, which `text` leaves out; a rewrite must put it back. */
      bom: boolean;
    }
  | { kind: 'binary' }
  | { kind: 'unreadable'; reason: string };

// Both drop a leading byte order mark.
const exactUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a source file as UTF-8. A byte order mark is not part of the text, as in an editor:
 * columns on the first line then match the editor's, and an edit at the very start (an
 * inserted import) lands after the mark, not before it. A NUL byte marks the file as binary:
 * no source text contains one.
 */
export async function readSourceText(path: string): Promise<SourceText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'unreadable', reason: describeFsError(error) };
  }
  if (bytes.includes(0)) return { kind: 'binary' };
  const bom = bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM);
  try {
    return { kind: 'text', text: exactUtf8.decode(bytes), exact: true, bom };
  } catch {
    return { kind: 'text', text: lenientUtf8.decode(bytes), exact: false, bom };
  }
}
