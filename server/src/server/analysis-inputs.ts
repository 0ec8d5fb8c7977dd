// Turns a document's settings and configuration file into what the engine is told: whether to
// analyse it at all, the enabled rules with their severities, the Python version fixes must
// respect, the calls the user declares blocking, and where the file stands in its folder's
// cross-file index. Settings the user set win over the configuration file.
import { effectiveOptions, type OptionOverrides } from '../config/effective';
import { configExcludes } from '../config/globs';
import { DEFAULT_MAX_FILE_SIZE, DEFAULT_PYTHON_VERSION } from '../engine/index';
import { DEFAULT_SAFE_CALLS } from '../engine/typescript/safe-calls';
import type { PythonVersion, Severity } from '../engine/types';
import { createExcludeMatcher, type PathMatcher } from '../workspace/exclude';
import type { WorkspaceConfigs } from './config-files';
import type { DocumentIdentity } from './documents';
import type { Log } from './log';
import type { ProjectIndexes, ProjectLocation } from './project-indexes';
import type { Settings } from './settings';
import type { TypeChecking } from './type-checking';
import type { TypeScriptProject } from '../workspace/typescript-projects';
import type { WorkspaceFolders } from './workspace-folders';

export interface AnalysisInputs {
  /** False when the extension is disabled or the file is excluded: it gets no findings. */
  active: boolean;
  rules: ReadonlyMap<string, Severity>;
  pythonVersion: PythonVersion;
  blockingCalls: readonly string[];
  startableFunctions: readonly string[];
  /** The type checker's project for a TS/JS file in type-aware mode; undefined: syntax alone decides. */
  typeScript: TypeScriptProject | undefined;
  safeCalls: readonly string[];
  /** Texts larger than this many bytes are not analysed; 0 for no limit. */
  maxFileSize: number;
  /** Undefined for files outside every workspace folder: they get no cross-file knowledge. */
  project: ProjectLocation | undefined;
  /** Equal keys give equal results for the same text, so a cached result can be reused. */
  key: string;
}

/**
 * The settings that win over a configuration file: every `awaitwise.rules` entry, and the
 * other settings when the user set them (an empty list, or a default value, is unset).
 */
export function settingsOverrides(settings: Settings): OptionOverrides {
  const isDefaultSafeCalls = settings.safeCalls.length === DEFAULT_SAFE_CALLS.length && settings.safeCalls.every((name, index) => name === DEFAULT_SAFE_CALLS[index]);
  return {
    severities: settings.rules,
    pythonVersion: settings.pythonVersion,
    blockingCalls: settings.blockingCalls.length > 0 ? settings.blockingCalls : undefined,
    startableFunctions: settings.startableFunctions.length > 0 ? settings.startableFunctions : undefined,
    safeCalls: isDefaultSafeCalls ? undefined : settings.safeCalls,
    maxFileSize: settings.maxFileSize === DEFAULT_MAX_FILE_SIZE ? undefined : settings.maxFileSize,
  };
}

export class AnalysisInputsResolver {
  private readonly excludeMatchers = new Map<string, PathMatcher>();

  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly configs: WorkspaceConfigs,
    private readonly projects: ProjectIndexes,
    private readonly typeChecking: TypeChecking,
    private readonly log: Log,
  ) {}

  /** Reads only what names the file, so files that are not open get inputs too. */
  inputsFor(document: DocumentIdentity, settings: Settings): AnalysisInputs {
    const { filePath } = document;
    const config = filePath ? this.configs.forPath(filePath) : undefined;
    const excludedByConfig = config !== undefined && filePath !== undefined && configExcludes(config, filePath);
    const active = settings.enable && !this.isExcluded(document, settings.exclude) && !excludedByConfig;
    const effective = effectiveOptions({ path: filePath, python: document.languageId === 'python' }, config, settingsOverrides(settings));
    for (const name of effective.unknownRules) {
      this.log.warnOnce(`unknown-rule:${name}`, `"awaitwise.rules" names "${name}", which is not a rule id or alias; it is ignored.`);
    }
    const { rules, blockingCalls, startableFunctions, safeCalls, maxFileSize } = effective;
    const pythonVersion = effective.pythonVersion ?? DEFAULT_PYTHON_VERSION;
    const project = active && document.filePath ? this.projects.locate(document.filePath, document.languageId === 'python' ? 'python' : 'script') : undefined;
    const typeScript = active ? this.typeChecking.locate(document, settings.typeAware) : undefined;
    // The configuration file is in the key through what it decides (rules, version, calls).
    // The states of the index and of the program are compared apart (see `Analyses`): they move with every change.
    const key = JSON.stringify([active, [...rules], pythonVersion, blockingCalls, startableFunctions, project?.projectPath, settings.typeAware, safeCalls, maxFileSize]);
    return { active, rules, pythonVersion, blockingCalls, startableFunctions, typeScript, safeCalls, maxFileSize, project, key };
  }

  /** Forgets compiled globs (the workspace folders changed). */
  clearExcludeMatchers(): void {
    this.excludeMatchers.clear();
  }

  private isExcluded(document: DocumentIdentity, globs: readonly string[]): boolean {
    if (globs.length === 0 || !document.filePath) return false;
    const root = this.folders.rootFor(document.filePath);
    const cacheKey = JSON.stringify([root, globs]);
    let matcher = this.excludeMatchers.get(cacheKey);
    if (!matcher) {
      matcher = createExcludeMatcher(globs, root);
      this.excludeMatchers.set(cacheKey, matcher);
    }
    return matcher(document.filePath);
  }
}
