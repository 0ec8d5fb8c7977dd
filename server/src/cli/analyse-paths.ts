// Lists the files under the given paths and analyses each, with the run's cross-file indexes:
// the part of a run that `check` and `checklist` share.
import { ruleLanguageOf } from '../engine/languages';
import type { RuleLanguage, Severity } from '../engine/types';
import { listSourceFiles } from '../workspace/files';
import type { AnalysisOptions } from './analysis-options';
import { checkFiles } from './check-run';
import { RunLog } from './diagnostics';
import { RunConfiguration } from './file-settings';
import { displayPath } from './paths';
import type { FileReport } from './report';

export interface AnalysedPaths {
  /** Every file analysed, in listing order (sorted by path). */
  files: FileReport[];
  /** The languages of the files found. */
  languages: Set<RuleLanguage>;
  /**
   * The rules enabled for at least one file, with the severity of the first such file
   * (configuration files may grade a rule differently in different folders).
   */
  rules: ReadonlyMap<string, Severity>;
  /** Errors and notes about the run; `log.failed` means some paths were not analysed. */
  log: RunLog;
}

export async function analysePaths(command: string, paths: readonly string[], options: AnalysisOptions, fix: boolean): Promise<AnalysedPaths> {
  const configuration = new RunConfiguration(command, options);
  const log = new RunLog();

  const listing = await listSourceFiles(paths, { exclude: configuration.excludeMatcher(paths) });
  for (const problem of listing.problems) log.error(`cannot read ${displayPath(problem.path)}: ${problem.reason}`);
  for (const skipped of listing.skipped) log.note(`skipped ${displayPath(skipped.path)}: ${skipped.reason}`);
  if (listing.files.length === 0 && !log.failed) log.note('found no Python, TypeScript or JavaScript files to check');

  // Settings first: an invalid configuration stops the run before any file is fixed.
  const checked = listing.files.map((file) => ({ ...file, settings: configuration.settingsFor(file), maxFileSize: configuration.maxFileSizeFor(file) }));
  const rules = new Map<string, Severity>();
  for (const { settings } of checked) for (const [id, severity] of Object.entries(settings.rules)) if (!rules.has(id)) rules.set(id, severity);
  const files = await checkFiles(checked, options, fix, log);
  const languages = new Set(listing.files.map((file) => ruleLanguageOf(file.language)));
  return { files, languages, rules, log };
}
