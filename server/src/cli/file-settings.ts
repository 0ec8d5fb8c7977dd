// Each file's settings for `check` and `checklist`: the options of its configuration file
// (the nearest one, the one --config names, or none with --isolated) under the command-line
// flags. They are plain data, so they can travel with a file's job and key a cache of results.
import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import { ConfigFiles, loadConfigFile } from '../config/discovery';
import { effectiveMaxFileSize, effectiveOptions } from '../config/effective';
import { configExcludes } from '../config/globs';
import type { ConfigFile } from '../config/options';
import type { FileSettings } from '../workers/jobs';
import type { PathMatcher } from '../workspace/exclude';
import type { SourceFile } from '../workspace/files';
import { relativeInside } from '../workspace/paths';
import type { AnalysisOptions } from './analysis-options';
import { UsageError } from './diagnostics';
import { displayPath } from './paths';

/** The configuration files of one run, read once per folder. An invalid one is a `UsageError`. */
export class RunConfiguration {
  private readonly nearest = new ConfigFiles();
  private readonly named: ConfigFile | undefined;

  constructor(
    private readonly command: string,
    private readonly options: AnalysisOptions,
  ) {
    const source = options.configuration;
    this.named = source.kind === 'file' ? this.read(() => loadConfigFile(source.path)) : undefined;
  }

  settingsFor(file: SourceFile): FileSettings {
    const effective = effectiveOptions({ path: file.path, python: file.language === 'python' }, this.configFor(file.path), this.options);
    return {
      rules: Object.fromEntries(effective.rules),
      pythonVersion: effective.pythonVersion,
      blockingCalls: effective.blockingCalls,
      startableFunctions: effective.startableFunctions,
      safeCalls: effective.safeCalls,
    };
  }

  /** Files larger than this many bytes are skipped; 0 for no limit. Not in `settingsFor`: it decides whether to read, not how to analyse. */
  maxFileSizeFor(file: SourceFile): number {
    return effectiveMaxFileSize(this.configFor(file.path), this.options);
  }

  /**
   * What listing `namedPaths` leaves out: what the configuration's `exclude` covers, except what
   * the user asked for by name (unless --force-exclude): a named path itself, and everything in
   * a named folder that `exclude` covers. Inside other named folders, `exclude` applies.
   */
  excludeMatcher(namedPaths: readonly string[]): PathMatcher {
    const named = namedPaths.map((path) => resolve(path));
    return (path) => {
      // Read first, for named paths too: an invalid configuration then stops the run before
      // any file is analysed, or fixed.
      const excluded = this.excludes(path);
      if (!excluded || this.options.forceExclude) return excluded;
      return !named.some((asked) => asked === path || (relativeInside(asked, path) !== undefined && this.excludes(asked)));
    };
  }

  private excludes(path: string): boolean {
    const config = this.configFor(path);
    return config !== undefined && configExcludes(config, path);
  }

  /** The configuration governing a file or folder: that of the folder holding it. */
  private configFor(path: string): ConfigFile | undefined {
    return this.options.configuration.kind === 'nearest' ? this.read(() => this.nearest.forPath(path)) : this.named;
  }

  private read<T>(load: () => T): T {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const hint = 'fix it, or run with --isolated to ignore configuration files';
      throw new UsageError(`invalid configuration: ${error.describe(displayPath(error.file))}`, this.command, hint);
    }
  }
}
