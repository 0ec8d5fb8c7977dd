// Phase one of `check`: the cross-file indexes of the files being checked (Python coroutine
// functions; TS/JS promise-returning exports), built before any of them is analysed, so a call
// to a coroutine or async function defined in another checked file is known whichever file
// comes first.
//
// Index keys are paths relative to one root per run: the working directory, or, when files
// outside it are checked, the nearest folder holding both it and them. Modules answer to every
// dotted suffix of their path, so the root only bounds how far up relative imports can reach.
import { dirname } from 'node:path';
import { ProjectIndex, ScriptProjectIndex } from '../engine';
import { readSourceText, type SourceFile } from '../workspace/files';
import { relativeInside } from '../workspace/paths';
import { indexPythonText } from '../workspace/project-index';
import { indexScriptText } from '../workspace/script-index';

export interface CheckProject {
  index: ProjectIndex;
  /** The TS/JS files' index, keyed like `index`. */
  scripts: ScriptProjectIndex;
  root: string;
}

/** The nearest folder, from `folder` upwards, that holds `path`. */
function folderHolding(folder: string, path: string): string {
  let current = folder;
  while (relativeInside(current, path) === undefined && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * Summarises the Python files that define coroutine functions and the TS/JS files. Files that
 * cannot be read or summarised are left out silently: analysing them fails too, and that
 * reports why.
 */
export async function indexCheckedFiles(files: readonly SourceFile[]): Promise<CheckProject> {
  const root = files.reduce((folder, file) => folderHolding(folder, file.path), process.cwd());
  const project = { index: new ProjectIndex(), scripts: new ScriptProjectIndex(), root };
  for (const file of files) {
    const source = await readSourceText(file.path);
    if (source.kind !== 'text') continue;
    const projectPath = projectPathOf(project, file);
    try {
      if (file.language === 'python') indexPythonText(project.index, projectPath, source.text);
      else indexScriptText(project.scripts, projectPath, source.text);
    } catch {
      // Left out: analysing the file fails the same way, and reports it.
    }
  }
  return project;
}

/** The file's key in the run's index. */
export function projectPathOf(project: CheckProject, file: SourceFile): string {
  // Every checked file lies under the root, which was chosen to hold them all.
  return relativeInside(project.root, file.path)!;
}
