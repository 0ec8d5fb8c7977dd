// Feeding the engine's cross-file index (which functions of the project are coroutine
// functions) from source texts. Shared by the language server and the CLI.
//
// Only texts containing `async def` are indexed. The index exists to answer "does calling this
// return a coroutine?", and a file without `async def` defines no coroutine function, so
// parsing it would cost time and memory for nothing. What this gives up, knowingly: a plain
// `def` in such a file cannot make a name ambiguous (two files answering to one module name),
// and its classes cannot hand inherited coroutine methods on when called through the class.
import { summarizePython, type ModuleSummary, type ProjectIndex } from '../engine';

/** `async` and `def` may be separated by any spaces or tabs. */
const ASYNC_DEF = /\basync[ \t]+def\b/;

export function mayDefineCoroutines(text: string): boolean {
  return ASYNC_DEF.test(text);
}

/**
 * Makes the index hold what this text of the file contributes: its summary (`summary`, when
 * an analysis already computed it), or nothing when the text defines no coroutine function.
 * Returns whether the index changed.
 */
export function indexPythonText(index: ProjectIndex, projectPath: string, text: string, summary?: ModuleSummary): boolean {
  if (!mayDefineCoroutines(text)) return index.remove(projectPath);
  return index.update(projectPath, summary ?? summarizePython(text, projectPath));
}
