// Turns a document's settings into what the engine is told: whether to analyse it at all,
// the enabled rules with their severities, the Python version fixes must respect, the calls
// the user declares blocking, and where the file stands in its folder's cross-file index.
import { resolveRules } from '../engine/config';
import { DEFAULT_PYTHON_VERSION } from '../engine/index';
import type { PythonVersion, Severity } from '../engine/types';
import { catalogMeta } from '../rules/index';
import { createExcludeMatcher, type PathMatcher } from '../workspace/exclude';
import { pythonVersionFor } from '../workspace/python-version';
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
  /** Undefined for files outside every workspace folder: they get no cross-file knowledge. */
  project: ProjectLocation | undefined;
  /** Equal keys give equal results for the same text, so a cached result can be reused. */
  key: string;
}

export class AnalysisInputsResolver {
  private readonly rulesBySettings = new WeakMap<Settings, Map<string, Severity>>();
  private readonly excludeMatchers = new Map<string, PathMatcher>();

  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly projects: ProjectIndexes,
    private readonly typeChecking: TypeChecking,
    private readonly log: Log,
  ) {}

  /** Reads only what names the file, so files that are not open get inputs too. */
  inputsFor(document: DocumentIdentity, settings: Settings): AnalysisInputs {
    const active = settings.enable && !this.isExcluded(document, settings.exclude);
    const rules = this.rulesFor(settings);
    const pythonVersion =
      document.languageId === 'python'
        ? (settings.pythonVersion ?? (document.filePath ? pythonVersionFor(document.filePath) : undefined) ?? DEFAULT_PYTHON_VERSION)
        : DEFAULT_PYTHON_VERSION;
    const project = active && document.filePath ? this.projects.locate(document.filePath, document.languageId === 'python' ? 'python' : 'script') : undefined;
    const typeScript = active ? this.typeChecking.locate(document, settings.typeAware) : undefined;
    const { safeCalls } = settings;
    // The states of the index and of the program are compared apart (see `Analyses`): they move with every change.
    const { blockingCalls, startableFunctions } = settings;
    const key = JSON.stringify([active, [...rules], pythonVersion, blockingCalls, startableFunctions, project?.projectPath, settings.typeAware, safeCalls]);
    return { active, rules, pythonVersion, blockingCalls, startableFunctions, typeScript, safeCalls, project, key };
  }

  /** Forgets compiled globs (the workspace folders changed). */
  clearExcludeMatchers(): void {
    this.excludeMatchers.clear();
  }

  private rulesFor(settings: Settings): Map<string, Severity> {
    let rules = this.rulesBySettings.get(settings);
    if (!rules) {
      const resolved = resolveRules({ severities: settings.rules }, catalogMeta);
      for (const name of resolved.unknown) {
        this.log.warnOnce(`unknown-rule:${name}`, `"awaitwise.rules" names "${name}", which is not a rule id or alias; it is ignored.`);
      }
      rules = resolved.rules;
      this.rulesBySettings.set(settings, rules);
    }
    return rules;
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
