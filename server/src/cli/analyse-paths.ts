// Lists the files under the given paths and analyses each, with the run's cross-file indexes:
// the part of a run that `check` and `checklist` share.
import { resolveRules } from '../engine/config';
import { initEngine } from '../engine';
import { ruleLanguageOf } from '../engine/languages';
import type { RuleLanguage, Severity } from '../engine/types';
import { catalogMeta } from '../rules';
import { listSourceFiles } from '../workspace/files';
import type { AnalysisOptions } from './analysis-options';
import { checkFile, type CheckSettings } from './check-file';
import { RunLog, UsageError } from './diagnostics';
import { displayPath } from './paths';
import { indexCheckedFiles } from './project';
import type { FileReport } from './report';
import { CheckTypes } from './type-checking';

export interface AnalysedPaths {
  /** Every file analysed, in listing order (sorted by path). */
  files: FileReport[];
  /** The languages of the files found. */
  languages: Set<RuleLanguage>;
  rules: ReadonlyMap<string, Severity>;
  /** Errors and notes about the run; `log.failed` means some paths were not analysed. */
  log: RunLog;
}

export async function analysePaths(command: string, paths: readonly string[], options: AnalysisOptions, fix: boolean): Promise<AnalysedPaths> {
  const { rules, unknown } = resolveRules({ select: options.select, ignore: options.ignore }, catalogMeta);
  if (unknown.length > 0) {
    const names = unknown.map((name) => `'${name}'`).join(', ');
    throw new UsageError(`unknown rule ${unknown.length === 1 ? 'name' : 'names'} ${names}`, command, "run 'awaitwise rules' to list the rules");
  }
  const settings: CheckSettings = {
    rules,
    pythonVersion: options.pythonVersion,
    blockingCalls: options.blockingCalls,
    startableFunctions: options.startableFunctions,
    safeCalls: options.safeCalls,
    types: new CheckTypes(options.typeAware),
    fix,
  };
  const log = new RunLog();

  const listing = await listSourceFiles(paths);
  for (const problem of listing.problems) log.error(`cannot read ${displayPath(problem.path)}: ${problem.reason}`);
  for (const skipped of listing.skipped) log.note(`skipped ${displayPath(skipped.path)}: ${skipped.reason}`);
  if (listing.files.length === 0 && !log.failed) log.note('found no Python, TypeScript or JavaScript files to check');
  if (listing.files.some((file) => file.language === 'python')) await initEngine();

  // Two phases: every file's coroutine functions are known before the first file is analysed.
  const project = await indexCheckedFiles(listing.files);
  settings.types.prepare(listing.files.filter((file) => file.language !== 'python').map((file) => file.path));
  const files: FileReport[] = [];
  for (const file of listing.files) {
    const report = await checkFile(file, settings, project, log);
    if (report) files.push(report);
  }
  const languages = new Set(listing.files.map((file) => ruleLanguageOf(file.language)));
  return { files, languages, rules, log };
}
