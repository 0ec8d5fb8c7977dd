// The options that say what to analyse and how, shared by every command that analyses files
// (`check`, `checklist`): rule selection, the Python version, declared calls, type awareness.
import { isDottedName } from '../engine/config';
import { DEFAULT_SAFE_CALLS } from '../engine/typescript/safe-calls';
import type { PythonVersion } from '../engine/types';
import { parsePythonVersion } from '../workspace/python-version';
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
} as const;

export const ANALYSIS_HELP = `  --select RULES         Check only these rules: comma-separated rule ids or peer codes
                         (ASYNC251, no-floating-promises...); 'all' selects every rule,
                         including those off by default
  --ignore RULES         Do not check these rules (same names as --select)
  --python-version X.Y   Python version the code targets (default: the lower bound of
                         requires-python in the nearest pyproject.toml, else 3.11)
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
                         separated names such as node:test.it; can be repeated`;

/** The parsed values of `ANALYSIS_OPTIONS`. */
export interface AnalysisOptionValues {
  select?: string[];
  ignore?: string[];
  'python-version'?: string;
  'blocking-calls'?: string[];
  'startable-functions'?: string[];
  'type-aware'?: string;
  'safe-calls'?: string[];
}

export interface AnalysisOptions {
  /** Undefined keeps the default rule set. */
  select?: string[];
  ignore: string[];
  pythonVersion?: PythonVersion;
  blockingCalls: string[];
  startableFunctions: string[];
  typeAware: TypeAwareMode;
  safeCalls: readonly string[];
}

function parsePythonVersionOption(command: string, value: string | undefined): PythonVersion | undefined {
  if (value === undefined) return undefined;
  const version = parsePythonVersion(value);
  if (!version || version.major !== 3) {
    throw new UsageError(`invalid --python-version '${value}': expected a Python 3 version such as 3.11`, command);
  }
  return version;
}

function parseDottedNames(command: string, flag: string, example: string, values: string[] | undefined): string[] {
  const names = splitList(values);
  const invalid = names.find((name) => !isDottedName(name));
  if (invalid !== undefined) throw new UsageError(`invalid ${flag} name '${invalid}': expected a dotted name such as ${example}`, command);
  return names;
}

export function parseAnalysisOptions(command: string, values: AnalysisOptionValues): AnalysisOptions {
  const select = values.select ? splitList(values.select) : undefined;
  if (select?.length === 0) throw new UsageError('--select needs at least one rule name', command);
  return {
    select,
    ignore: splitList(values.ignore),
    pythonVersion: parsePythonVersionOption(command, values['python-version']),
    blockingCalls: parseDottedNames(command, '--blocking-calls', 'mylib.fetch_sync', values['blocking-calls']),
    startableFunctions: parseDottedNames(command, '--startable-functions', 'myapp.serve', values['startable-functions']),
    typeAware: oneOf(command, '--type-aware', values['type-aware'] ?? 'auto', TYPE_AWARE_MODES),
    safeCalls: values['safe-calls'] ? splitList(values['safe-calls']) : DEFAULT_SAFE_CALLS,
  };
}
