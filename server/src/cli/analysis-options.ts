// The options that say what to analyse and how, shared by every command that analyses files
// (`check`, `checklist`): rule selection, the Python version, declared calls, type awareness,
// and where configuration files come from, each overriding the configuration's; and how the run
// goes: its threads and its cache of results.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { isDottedName, rulesNamed } from '../engine/config';
import type { PythonVersion } from '../engine/types';
import { catalogMeta } from '../rules';
import { parseTargetPythonVersion } from '../workspace/python-version';
import { TYPE_AWARE_MODES, type TypeAwareMode } from '../workspace/typescript-projects';
import { oneOf, splitList } from './args';
import { UsageError } from './diagnostics';

export const ANALYSIS_OPTIONS = {
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'python-version': { type: 'string' },
  'blocking-calls': { type: 'string', multiple: true },
  'startable-functions': { type: 'string', multiple: true },
  'type-aware': { type: 'string', default: 'auto' },
  'safe-calls': { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  config: { type: 'string' },
  isolated: { type: 'boolean', default: false },
  'force-exclude': { type: 'boolean', default: false },
  jobs: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

export const ANALYSIS_HELP = `  --select RULES         Check only these rules: comma-separated rule ids or peer codes
                         (ASYNC251, no-floating-promises...); 'all' selects every rule,
                         including those off by default. Replaces the configuration's
  --ignore RULES         Do not check these rules (same names as --select), on top of
                         the configuration's
  --python-version X.Y   Python version the code targets (default: the configuration's,
                         else the lower bound of requires-python in the nearest
                         pyproject.toml, else 3.11)
  --blocking-calls NAMES Python callables to report as blocking when called in async
                         code: comma-separated dotted names (mylib.fetch_sync,
                         legacy.Client.query); the option can be repeated
  --startable-functions NAMES
                         Python functions that take task_status and should be
                         started with 'await tg.start(...)': comma-separated names
                         or dotted names (serve_admin, myapp.net.serve); can be
                         repeated
  --type-aware MODE      When TS/JS files are type-checked: auto (default: files a
                         tsconfig.json or jsconfig.json includes), on (every file), or
                         off (syntax and the cross-file index only)
  --safe-calls NAMES     Calls whose promise may be left unawaited, replacing the
                         default (node:test's it, test, describe, suite): comma-
                         separated names such as node:test.it; can be repeated
  --max-file-size BYTES  Skip files larger than this, with a note naming each (default:
                         the configuration's, else 2097152, 2 MiB); 0 for no limit.
                         Generated and minified files are skipped whatever their size
  --config PATH          Use this configuration file (awaitwise.json, or a pyproject.toml
                         with a [tool.awaitwise] table) for every file, instead of the
                         one nearest to each file
  --isolated             Ignore configuration files
  --force-exclude        Apply the configuration's exclude to the paths named on the
                         command line too, not only to what is found inside folders
  --jobs N               Threads that analyse files (default: one per CPU core); 1
                         analyses in the main thread alone
  --no-cache             Neither read nor write the cache of results
  --cache-dir PATH       Where the cache of results is kept (default: .awaitwise-cache
                         in the current folder)
  --verbose              Also print on stderr how the run went: files taken from the
                         cache, worker threads started, time spent, and each generated
                         or minified file skipped`;

/** The parsed values of `ANALYSIS_OPTIONS`. */
export interface AnalysisOptionValues {
  select?: string[];
  ignore?: string[];
  'python-version'?: string;
  'blocking-calls'?: string[];
  'startable-functions'?: string[];
  'type-aware'?: string;
  'safe-calls'?: string[];
  'max-file-size'?: string;
  config?: string;
  isolated?: boolean;
  'force-exclude'?: boolean;
  jobs?: string;
  'no-cache'?: boolean;
  'cache-dir'?: string;
  verbose?: boolean;
}

/** Where each file's configuration comes from. */
export type ConfigurationSource = { kind: 'nearest' } | { kind: 'file'; path: string } | { kind: 'none' };

/** The flags given; an undefined one leaves the configuration's value, else the default. */
export interface AnalysisOptions {
  select?: string[];
  ignore: string[];
  pythonVersion?: PythonVersion;
  blockingCalls?: string[];
  startableFunctions?: string[];
  typeAware: TypeAwareMode;
  safeCalls?: string[];
  /** Bytes, 0 for no limit. */
  maxFileSize?: number;
  configuration: ConfigurationSource;
  /** Apply the configuration's `exclude` to the paths named on the command line too. */
  forceExclude: boolean;
  /** Threads that analyse: 1 is the main thread alone, more are worker threads. */
  jobs: number;
  /** Absolute; undefined with --no-cache. */
  cacheDir?: string;
  verbose: boolean;
}

function parsePythonVersionOption(command: string, value: string | undefined): PythonVersion | undefined {
  if (value === undefined) return undefined;
  const version = parseTargetPythonVersion(value);
  if (!version) {
    throw new UsageError(`invalid --python-version '${value}': expected a Python 3 version such as 3.11`, command);
  }
  return version;
}

function parseDottedNames(command: string, flag: string, example: string, values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const names = splitList(values);
  const invalid = names.find((name) => !isDottedName(name));
  if (invalid !== undefined) throw new UsageError(`invalid ${flag} name '${invalid}': expected a dotted name such as ${example}`, command);
  return names;
}

function parseMaxFileSize(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`invalid --max-file-size '${value}': expected a whole number of bytes, or 0 for no limit`, command);
  return bytes;
}

function parseJobs(command: string, value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`invalid --jobs '${value}': expected a whole number of at least 1`, command);
  return Number(value);
}

function rejectUnknownRules(command: string, names: readonly string[]): void {
  const unknown = names.filter((name) => rulesNamed(name, catalogMeta).length === 0);
  if (unknown.length === 0) return;
  const quoted = unknown.map((name) => `'${name}'`).join(', ');
  throw new UsageError(`unknown rule ${unknown.length === 1 ? 'name' : 'names'} ${quoted}`, command, "run 'awaitwise rules' to list the rules");
}

function parseConfigurationSource(command: string, values: AnalysisOptionValues): ConfigurationSource {
  if (values.config !== undefined && values.isolated) throw new UsageError('--config and --isolated cannot be used together', command);
  if (values.config !== undefined) return { kind: 'file', path: resolve(values.config) };
  return values.isolated ? { kind: 'none' } : { kind: 'nearest' };
}

export function parseAnalysisOptions(command: string, values: AnalysisOptionValues): AnalysisOptions {
  const select = values.select ? splitList(values.select) : undefined;
  if (select?.length === 0) throw new UsageError('--select needs at least one rule name', command);
  const ignore = splitList(values.ignore);
  rejectUnknownRules(command, [...(select ?? []), ...ignore]);
  return {
    select,
    ignore,
    pythonVersion: parsePythonVersionOption(command, values['python-version']),
    blockingCalls: parseDottedNames(command, '--blocking-calls', 'mylib.fetch_sync', values['blocking-calls']),
    startableFunctions: parseDottedNames(command, '--startable-functions', 'myapp.serve', values['startable-functions']),
    typeAware: oneOf(command, '--type-aware', values['type-aware'] ?? 'auto', TYPE_AWARE_MODES),
    safeCalls: values['safe-calls'] ? splitList(values['safe-calls']) : undefined,
    maxFileSize: parseMaxFileSize(command, values['max-file-size']),
    configuration: parseConfigurationSource(command, values),
    forceExclude: values['force-exclude'] ?? false,
    jobs: parseJobs(command, values.jobs),
    cacheDir: values['no-cache'] ? undefined : resolve(values['cache-dir'] ?? '.awaitwise-cache'),
    verbose: values.verbose ?? false,
  };
}
