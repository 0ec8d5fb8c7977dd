// Checks one file: read, analyse (with the run's cross-file index of its language), and with
// --fix rewrite it when safe fixes changed it.
import { writeFile } from 'node:fs/promises';
import { analyze } from '../engine';
import type { Finding, PythonVersion, ScriptTypes, Severity } from '../engine/types';
import { describeFsError, readSourceText, type SourceFile } from '../workspace/files';
import { pythonVersionFor } from '../workspace/python-version';
import type { RunLog } from './diagnostics';
import { applySafeFixesRepeatedly, type FixedText } from './fix';
import { displayPath } from './paths';
import { projectPathOf, type CheckProject } from './project';
import type { CheckTypes } from './type-checking';
import type { FileReport } from './report';

export interface CheckSettings {
  rules: ReadonlyMap<string, Severity>;
  /** Overrides the version read from each file's pyproject.toml. */
  pythonVersion?: PythonVersion;
  /** Dotted names of Python callables declared blocking (`--blocking-calls`). */
  blockingCalls: readonly string[];
  /** Names and dotted names of Python functions declared startable (`--startable-functions`). */
  startableFunctions: readonly string[];
  /** Calls whose promise may be dropped (`--safe-calls`). */
  safeCalls: readonly string[];
  /** The type checkers of TS/JS files (`--type-aware`). */
  types: CheckTypes;
  fix: boolean;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The file's report, or undefined when it could not be analysed (the log says why). */
export async function checkFile(file: SourceFile, settings: CheckSettings, project: CheckProject, log: RunLog): Promise<FileReport | undefined> {
  const path = displayPath(file.path);
  const source = await readSourceText(file.path);
  if (source.kind === 'unreadable') {
    log.error(`cannot read ${path}: ${source.reason}`);
    return undefined;
  }
  if (source.kind === 'binary') {
    log.note(`skipped ${path}: it looks like a binary file (it contains NUL bytes)`);
    return undefined;
  }

  const failedRules = new Set<string>();
  const python = file.language === 'python';
  const options = {
    rules: settings.rules,
    pythonVersion: python ? (settings.pythonVersion ?? pythonVersionFor(file.path)) : undefined,
    blockingCalls: settings.blockingCalls,
    startableFunctions: settings.startableFunctions,
    project: python ? project.index : undefined,
    scriptProject: python ? undefined : project.scripts,
    projectPath: projectPathOf(project, file),
    fileName: file.path,
    safeCalls: settings.safeCalls,
    onRuleError: (ruleId: string, error: unknown) => {
      // The fix passes re-run every rule; one message per rule and file is enough.
      if (failedRules.has(ruleId)) return;
      failedRules.add(ruleId);
      log.error(`rule ${ruleId} failed on ${path}: ${errorText(error)}`);
    },
  };
  const analyse = (text: string): Finding[] => analyze(text, file.language, { ...options, types: python ? undefined : typesFor(text) });
  const typesFor = (text: string): ScriptTypes | undefined => {
    try {
      return settings.types.typesFor(file.path, text, source.text);
    } catch (error) {
      log.note(`checking ${path} without types: ${errorText(error)}`);
      return undefined;
    }
  };

  let findings: Finding[];
  let fixed: FixedText | undefined;
  try {
    findings = analyse(source.text);
    if (settings.fix) fixed = applySafeFixesRepeatedly(source.text, findings, analyse);
  } catch (error) {
    log.error(`cannot analyse ${path}: ${errorText(error)}`);
    return undefined;
  }
  if (!fixed || fixed.text === source.text) return { path, findings, fixesApplied: 0 };
  if (!source.exact) {
    log.note(`not fixing ${path}: it is not valid UTF-8, and rewriting it would change other bytes`);
    return { path, findings, fixesApplied: 0 };
  }
  try {
    await writeFile(file.path, fixed.text, 'utf8');
    settings.types.written(file.path);
  } catch (error) {
    log.error(`cannot write ${path}: ${describeFsError(error)}`);
    return { path, findings, fixesApplied: 0 };
  }
  return { path, findings: fixed.findings, fixesApplied: fixed.applied };
}
