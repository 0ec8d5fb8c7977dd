// Phase one of `check`: the cross-file indexes of the files being checked (Python coroutine
// functions; TS/JS promise-returning exports), built before any of them is analysed, so a call
// to a coroutine or async function defined in another checked file is known whichever file
// comes first.
//
// Index keys are paths relative to one root per run: the working directory, or, when files
// outside it are checked, the nearest folder holding both it and them. Modules answer to every
// dotted suffix of their path, so the root only bounds how far up relative imports can reach.
import { dirname } from 'node:path';
import type { FileSummary, IndexSnapshot } from '../workers/jobs';
import type { SourceFile } from '../workspace/files';
import { readSourceTextWithin } from '../workspace/limited-read';
import { relativeInside } from '../workspace/paths';
import { mapInOrder } from './in-order';

export interface CheckProject {
  /** Holds every checked file. */
  root: string;
  /** The summaries of the checked files, in listing order. */
  index: IndexSnapshot;
}

/** The nearest folder, from `folder` upwards, that holds `path`. */
function folderHolding(folder: string, path: string): string {
  let current = folder;
  while (relativeInside(current, path) === undefined && dirname(current) !== current) current = dirname(current);
  return current;
}

/** The file's key in the run's index. */
export function projectPathOf(root: string, file: SourceFile): string {
  // Every checked file lies under the root, which was chosen to hold them all.
  return relativeInside(root, file.path)!;
}

/** A file to index, with the size over which it is not read. */
export interface IndexedFile extends SourceFile {
  /** Bytes; 0 for no limit. */
  maxFileSize: number;
}

/** What a file over the size limit contributes: that it exists (imports resolve to it), nothing more. */
function unreadSummary(file: SourceFile): FileSummary {
  return file.language === 'python' ? { language: 'python', summary: null } : { language: 'script', summary: null };
}

/** What a file contributes, or undefined when it cannot be read or summarised. */
export type Summarise = (file: SourceFile, projectPath: string, text: string) => Promise<FileSummary | undefined>;

/**
 * Summarises the files, at most `lanes` at a time. Files that cannot be read or summarised are
 * left out silently: analysing them fails too, and that reports why. Files over their size
 * limit are not read: checking them reports the skip.
 */
export async function indexCheckedFiles(files: readonly IndexedFile[], summarise: Summarise, lanes: number): Promise<CheckProject> {
  const root = files.reduce((folder, file) => folderHolding(folder, file.path), process.cwd());
  const index: IndexSnapshot = { python: [], scripts: [] };
  const summariseFile = async (file: IndexedFile): Promise<[string, FileSummary | undefined]> => {
    const projectPath = projectPathOf(root, file);
    const source = await readSourceTextWithin(file.path, file.maxFileSize);
    if (source.kind === 'too-large') return [projectPath, unreadSummary(file)];
    return [projectPath, source.kind === 'text' ? await summarise(file, projectPath, source.text) : undefined];
  };
  await mapInOrder(files, lanes, summariseFile, ([projectPath, summary]) => {
    if (summary?.language === 'python' && summary.summary) index.python.push([projectPath, summary.summary]);
    if (summary?.language === 'script') index.scripts.push([projectPath, summary.summary]);
  });
  return { root, index };
}
