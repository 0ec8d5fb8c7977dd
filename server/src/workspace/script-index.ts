// Feeding the engine's TS/JS cross-file index (which exported functions return promises) from
// source texts. Shared by the language server and the CLI.
//
// Every file is recorded, so imports resolve to the file TypeScript would pick; only texts that
// may say something are parsed: those that can declare a promise-returning function (they
// contain `async` or `Promise`) or pass on another module's exports (`export *`, `export {`,
// `module.exports = require(...)` or `= {`). What this gives up, knowingly: the plain functions
// of a file that is not parsed are unknown rather than known plain, so where two `export *`
// pass on the same name (which TypeScript rejects as ambiguous) the one that is known decides.
import { summarizeScript, type ScriptModuleSummary, type ScriptProjectIndex } from '../engine';

const MAY_SUMMARISE = /\basync\b|Promise|\bexport\s*[*{]|\bmodule\.exports\s*=\s*(?:require\b|\{)/;

export function mayExportPromises(text: string): boolean {
  return MAY_SUMMARISE.test(text);
}

/**
 * Makes the index hold what this text of the file contributes: its summary (`summary`, when an
 * analysis already computed it), or only that the file exists. Returns whether the index changed.
 */
export function indexScriptText(index: ScriptProjectIndex, projectPath: string, text: string, summary?: ScriptModuleSummary): boolean {
  if (!mayExportPromises(text)) return index.update(projectPath, undefined);
  return index.update(projectPath, summary ?? summarizeScript(text, projectPath));
}
