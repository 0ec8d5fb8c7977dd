// Checks one file: read, take its findings from the cache or have the pool analyse it (with the
// run's cross-file index), and with --fix rewrite it when safe fixes changed it.
import { contentSkipReason } from '../engine/skip';
import type { Finding } from '../engine/types';
import type { FileSettings } from '../workers/jobs';
import type { AnalysisPool } from '../workers/pool';
import { readSourceTextWithin } from '../workspace/limited-read';
import type { ResultCache } from './cache';
import { resultKey, type IndexDependencies } from './cache-keys';
import type { RunLog } from './diagnostics';
import { displayPath } from './paths';
import { projectPathOf, type CheckProject, type IndexedFile } from './project';
import { replaceFileText } from './replace-file';
import { isFixable, type FileReport } from './report';

/** A listed file and how to analyse it. */
export interface CheckedFile extends IndexedFile {
  settings: FileSettings;
}

/** What every file of a run shares. */
export interface CheckRun {
  fix: boolean;
  pool: AnalysisPool;
  /** The pool's name for the run's index. */
  index: string;
  project: CheckProject;
  cache: ResultCache | undefined;
  dependencies: IndexDependencies;
  /** The TypeScript project of each type-checked file, by path. */
  typeProjects: ReadonlyMap<string, string>;
  /** Name each generated or minified file skipped, rather than counting them. */
  verbose: boolean;
  /** `skipped`: generated or minified files, which one note counts at the end (unless `verbose`). */
  counts: { fromCache: number; analysed: number; skipped: number };
}

export type FileLog = Pick<RunLog, 'error' | 'note'>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The file's report, or undefined when it could not be analysed (the log says why). */
export async function checkFile(file: CheckedFile, run: CheckRun, log: FileLog): Promise<FileReport | undefined> {
  const path = displayPath(file.path);
  const source = await readSourceTextWithin(file.path, file.maxFileSize);
  if (source.kind === 'unreadable') {
    log.error(`cannot read ${path}: ${source.reason}`);
    return undefined;
  }
  if (source.kind === 'binary') {
    log.note(`skipped ${path}: it looks like a binary file (it contains NUL bytes)`);
    return undefined;
  }
  if (source.kind === 'too-large') {
    log.note(`skipped ${path}: ${source.reason.message} (--max-file-size or the max-file-size key raises it; 0 for no limit)`);
    return undefined;
  }
  const skipped = contentSkipReason(source.text, file.language);
  if (skipped) {
    if (run.verbose) log.note(`skipped ${path}: ${skipped.message}`);
    run.counts.skipped++;
    return undefined;
  }

  const projectPath = projectPathOf(run.project.root, file);
  const typeProject = run.typeProjects.get(file.path);
  // A type-checked file's findings depend on every file its program reads, which only building
  // the program tells: those are never cached.
  const cache = typeProject === undefined ? run.cache : undefined;
  const digestOf = (keys: readonly string[]) => run.dependencies.digest(file.language, keys);
  const keyOf = (text: string) => resultKey(file.language, projectPath, file.settings, text);
  const cached = cache?.findings(file.path, keyOf(source.text), digestOf);
  // Unless --fix has something to rewrite, the cached findings are what an analysis would give.
  if (cached && !(run.fix && cached.some(isFixable))) {
    run.counts.fromCache++;
    return { path, findings: cached, fixesApplied: 0 };
  }

  const job = { filePath: file.path, language: file.language, text: source.text, index: run.index, projectPath, settings: file.settings };
  let outcome;
  try {
    outcome = await run.pool.analyse(job, typeProject);
  } catch (error) {
    log.error(`cannot analyse ${path}: ${errorText(error)}`);
    return undefined;
  }
  run.counts.analysed++;
  for (const failure of outcome.ruleErrors) log.error(`rule ${failure.ruleId} failed on ${path}: ${failure.message}`);
  if (outcome.typesError !== undefined) log.note(`checking ${path} without types: ${outcome.typesError}`);
  if (outcome.notAnalysed !== undefined) log.note(`${path} was not analysed: ${outcome.notAnalysed}`);
  // Findings missing a failed rule's, or a file's that was not analysed, must not pass for complete ones in a later run.
  const remember = (text: string, findings: Finding[]) => {
    if (outcome.ruleErrors.length === 0 && outcome.notAnalysed === undefined) cache?.recordFindings(file.path, keyOf(text), outcome.queried, digestOf, findings);
  };

  const unfixed = (): FileReport => {
    remember(source.text, outcome.findings);
    return { path, findings: outcome.findings, fixesApplied: 0 };
  };
  const { fixed } = outcome;
  if (!fixed) {
    if (outcome.fixesWithheld) log.note(`not fixing ${path}: the fixed text would not parse as well as the original (please report this bug)`);
    return unfixed();
  }
  if (!source.exact) {
    log.note(`not fixing ${path}: it is not valid UTF-8, and rewriting it would change other bytes`);
    return unfixed();
  }
  // The byte order mark that reading took off the text goes back in front of it.
  const failure = await replaceFileText(file.path, source.bom ? `\uFEFF${fixed.text}` : fixed.text);
  if (failure !== undefined) {
    log.error(`cannot write ${path}: ${failure}`);
    return unfixed();
  }
  if (outcome.fixesWithheld) log.note(`fixed ${path} only in part: with its other fixes, it would not parse as well as the original (please report this bug)`);
  remember(fixed.text, fixed.findings);
  return { path, findings: fixed.findings, fixesApplied: fixed.applied };
}
