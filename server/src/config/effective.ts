// The options a file is analysed with: those of its configuration file, under what the user
// says on top of them (command-line flags in the CLI, settings in the editor). Shared by both,
// so a file gets the same rules from `awaitwise check` as in VS Code.
import { resolveRules, rulesNamed, type RuleSetting } from '../engine/config';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/skip';
import { DEFAULT_SAFE_CALLS } from '../engine/typescript/safe-calls';
import type { PythonVersion, Severity } from '../engine/types';
import { catalogMeta } from '../rules';
import { pythonVersionFor } from '../workspace/python-version';
import { perFileIgnoresFor } from './globs';
import type { ConfigFile } from './options';

/** What the user sets on top of the configuration file; an undefined value leaves the file's. */
export interface OptionOverrides {
  /** Replaces the file's `select`, and bounds what its `rules` can turn on (`--select`). */
  select?: readonly string[];
  /** Added to the file's `ignore` (`--ignore`). */
  ignore?: readonly string[];
  /** Applied after the file's `rules`, winning rule by rule (`awaitwise.rules`). */
  severities?: Readonly<Record<string, RuleSetting>>;
  pythonVersion?: PythonVersion;
  blockingCalls?: readonly string[];
  startableFunctions?: readonly string[];
  safeCalls?: readonly string[];
  /** Bytes, 0 for no limit (`--max-file-size`, `awaitwise.maxFileSize`). */
  maxFileSize?: number;
}

export interface EffectiveOptions {
  rules: Map<string, Severity>;
  /** Names in the overrides that match no rule; the file's own were checked when it was read. */
  unknownRules: string[];
  /** For Python files: undefined when nothing says, so the engine's default applies. */
  pythonVersion: PythonVersion | undefined;
  blockingCalls: readonly string[];
  startableFunctions: readonly string[];
  safeCalls: readonly string[];
  /** Files larger than this many bytes are not analysed; 0 for no limit. */
  maxFileSize: number;
}

/** The file being analysed; documents that are not files on disk have no path. */
export interface AnalysedFile {
  path: string | undefined;
  python: boolean;
}

/**
 * Rules: `select` (the override's, else the file's, else the defaults), then the file's `rules`
 * and the override's severities, then every ignore (the file's, its `per-file-ignores` that match,
 * the override's). The Python version falls back to requires-python in the nearest pyproject.toml.
 */
export function effectiveOptions(file: AnalysedFile, config: ConfigFile | undefined, overrides: OptionOverrides): EffectiveOptions {
  const options = config?.options ?? {};
  const perFileIgnores = config && file.path ? perFileIgnoresFor(config, file.path) : [];
  const { rules, unknown } = resolveRules(
    {
      select: overrides.select ?? options.select,
      severities: [options.rules ?? {}, overrides.severities ?? {}],
      ignore: [...(options.ignore ?? []), ...perFileIgnores, ...(overrides.ignore ?? [])],
    },
    catalogMeta,
  );
  if (overrides.select) {
    const selected = new Set(overrides.select.flatMap((name) => rulesNamed(name, catalogMeta)).map((rule) => rule.id));
    for (const id of rules.keys()) if (!selected.has(id)) rules.delete(id);
  }
  return {
    rules,
    unknownRules: unknown,
    pythonVersion: file.python ? (overrides.pythonVersion ?? options.pythonVersion ?? (file.path ? pythonVersionFor(file.path) : undefined)) : undefined,
    blockingCalls: overrides.blockingCalls ?? options.blockingCalls ?? [],
    startableFunctions: overrides.startableFunctions ?? options.startableFunctions ?? [],
    safeCalls: overrides.safeCalls ?? options.safeCalls ?? DEFAULT_SAFE_CALLS,
    maxFileSize: effectiveMaxFileSize(config, overrides),
  };
}

/**
 * The size limit alone, for the callers that must decide before reading a file (the cross-file
 * index phases) without resolving its rules.
 */
export function effectiveMaxFileSize(config: ConfigFile | undefined, overrides: Pick<OptionOverrides, 'maxFileSize'>): number {
  return overrides.maxFileSize ?? config?.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
}
