// The `awaitwise.*` editor settings: their types, defaults, and a parser that accepts whatever
// the client sends. A wrong value falls back to its default with a warning, never an error,
// so one typo in settings.json does not switch the linter off.
import { RULE_SETTINGS, isDottedName, type RuleSetting } from '../engine/config';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/skip';
import { DEFAULT_SAFE_CALLS } from '../engine/typescript/safe-calls';
import type { PythonVersion } from '../engine/types';
import { parseTargetPythonVersion } from '../workspace/python-version';
import { TYPE_AWARE_MODES, type TypeAwareMode } from '../workspace/typescript-projects';

export type RunMode = 'onType' | 'onSave';

/** Which files get findings: the open ones, or every file of the workspace folders. */
export type AnalysisScope = 'openFiles' | 'workspace';

export interface Settings {
  enable: boolean;
  /** `onSave` analyses on open and save only; results in between are the last ones. */
  run: RunMode;
  /** `workspace` analyses the files that are not open too, in the background. */
  scope: AnalysisScope;
  /** Rule ids or aliases mapped to a severity or `off`. */
  rules: Readonly<Record<string, RuleSetting>>;
  /** Undefined: `requires-python` of the nearest pyproject.toml, else the engine's default. */
  pythonVersion: PythonVersion | undefined;
  /** Globs relative to the workspace folder holding the file. */
  exclude: readonly string[];
  /** Dotted names of Python callables the user declares blocking (`awaitwise.python.blockingCalls`). */
  blockingCalls: readonly string[];
  /** Names and dotted names of Python functions the user declares startable (`awaitwise.python.startableFunctions`). */
  startableFunctions: readonly string[];
  /** When TS/JS analysis uses a type checker (`awaitwise.typescript.typeAware`). */
  typeAware: TypeAwareMode;
  /** Calls whose promise may be dropped (`awaitwise.typescript.safeCalls`). */
  safeCalls: readonly string[];
  /** Files larger than this many bytes are not analysed; 0 for no limit (`awaitwise.maxFileSize`). */
  maxFileSize: number;
}

export const SETTINGS_SECTION = 'awaitwise';

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  enable: true,
  run: 'onType',
  scope: 'workspace',
  rules: Object.freeze({}),
  pythonVersion: undefined,
  exclude: Object.freeze([]),
  blockingCalls: Object.freeze([]),
  startableFunctions: Object.freeze([]),
  typeAware: 'auto',
  safeCalls: DEFAULT_SAFE_CALLS,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
});

const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];
const SCOPES: readonly AnalysisScope[] = ['openFiles', 'workspace'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `awaitwise` section as the client returned it; `warn` hears every value it ignores. */
export function parseSettings(raw: unknown, warn: (message: string) => void): Settings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  if (!isRecord(raw)) {
    warn(`The "${SETTINGS_SECTION}" settings should be an object; using the defaults.`);
    return DEFAULT_SETTINGS;
  }
  const rejected = (name: string, expected: string): void =>
    warn(`Ignoring "${SETTINGS_SECTION}.${name}": expected ${expected}, got ${JSON.stringify(raw[name])}.`);

  let enable = DEFAULT_SETTINGS.enable;
  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') enable = raw.enable;
    else rejected('enable', 'true or false');
  }

  let run = DEFAULT_SETTINGS.run;
  if (raw.run !== undefined) {
    if (RUN_MODES.includes(raw.run as RunMode)) run = raw.run as RunMode;
    else rejected('run', `one of ${RUN_MODES.map((mode) => `"${mode}"`).join(', ')}`);
  }

  let scope = DEFAULT_SETTINGS.scope;
  if (raw.scope !== undefined) {
    if (SCOPES.includes(raw.scope as AnalysisScope)) scope = raw.scope as AnalysisScope;
    else rejected('scope', `one of ${SCOPES.map((value) => `"${value}"`).join(', ')}`);
  }

  const rules: Record<string, RuleSetting> = {};
  if (raw.rules !== undefined) {
    if (isRecord(raw.rules)) {
      for (const [name, setting] of Object.entries(raw.rules)) {
        if (RULE_SETTINGS.includes(setting as RuleSetting)) rules[name] = setting as RuleSetting;
        else warn(`Ignoring "${SETTINGS_SECTION}.rules.${name}": expected one of ${RULE_SETTINGS.join(', ')}, got ${JSON.stringify(setting)}.`);
      }
    } else {
      rejected('rules', 'an object mapping rule ids to a severity or "off"');
    }
  }

  let pythonVersion = DEFAULT_SETTINGS.pythonVersion;
  if (raw.pythonVersion !== undefined && raw.pythonVersion !== '') {
    const parsed = typeof raw.pythonVersion === 'string' ? parseTargetPythonVersion(raw.pythonVersion) : undefined;
    if (parsed) pythonVersion = parsed;
    else rejected('pythonVersion', 'a version such as "3.11", or "" to read pyproject.toml');
  }

  let exclude = DEFAULT_SETTINGS.exclude;
  if (raw.exclude !== undefined) {
    if (Array.isArray(raw.exclude) && raw.exclude.every((glob) => typeof glob === 'string')) exclude = raw.exclude;
    else rejected('exclude', 'a list of glob strings');
  }

  let maxFileSize = DEFAULT_SETTINGS.maxFileSize;
  if (raw.maxFileSize !== undefined) {
    if (typeof raw.maxFileSize === 'number' && Number.isSafeInteger(raw.maxFileSize) && raw.maxFileSize >= 0) maxFileSize = raw.maxFileSize;
    else rejected('maxFileSize', 'a whole number of bytes, or 0 for no limit');
  }

  let blockingCalls = DEFAULT_SETTINGS.blockingCalls;
  let startableFunctions = DEFAULT_SETTINGS.startableFunctions;
  // `awaitwise.python.*` arrives nested: { python: { blockingCalls: [...], startableFunctions: [...] } }.
  const python = raw.python;
  if (python !== undefined && !isRecord(python)) {
    rejected('python', 'an object');
  } else if (python) {
    blockingCalls = dottedNames(python, 'blockingCalls', 'mylib.fetch', warn) ?? blockingCalls;
    startableFunctions = dottedNames(python, 'startableFunctions', 'serve_admin', warn) ?? startableFunctions;
  }

  let typeAware = DEFAULT_SETTINGS.typeAware;
  let safeCalls = DEFAULT_SETTINGS.safeCalls;
  // `awaitwise.typescript.*` arrives nested: { typescript: { typeAware, safeCalls } }.
  const typescript = raw.typescript;
  if (typescript !== undefined && !isRecord(typescript)) {
    rejected('typescript', 'an object');
  } else if (typescript) {
    if (typescript.typeAware !== undefined) {
      if (TYPE_AWARE_MODES.includes(typescript.typeAware as TypeAwareMode)) typeAware = typescript.typeAware as TypeAwareMode;
      else warn(`Ignoring "${SETTINGS_SECTION}.typescript.typeAware": expected one of ${TYPE_AWARE_MODES.map((mode) => `"${mode}"`).join(', ')}, got ${JSON.stringify(typescript.typeAware)}.`);
    }
    if (typescript.safeCalls !== undefined) {
      const names = typescript.safeCalls;
      if (Array.isArray(names) && names.every((name) => typeof name === 'string' && name.length > 0)) safeCalls = names;
      else warn(`Ignoring "${SETTINGS_SECTION}.typescript.safeCalls": expected a list of names such as "node:test.it", got ${JSON.stringify(names)}.`);
    }
  }

  return { enable, run, scope, rules, pythonVersion, exclude, blockingCalls, startableFunctions, typeAware, safeCalls, maxFileSize };
}

/** A `python.*` list of dotted names, keeping the valid entries; undefined when the setting is absent or not a list. */
function dottedNames(python: Record<string, unknown>, name: string, example: string, warn: (message: string) => void): string[] | undefined {
  const names = python[name];
  if (names === undefined) return undefined;
  if (!Array.isArray(names)) {
    warn(`Ignoring "${SETTINGS_SECTION}.python.${name}": expected a list of dotted names, got ${JSON.stringify(names)}.`);
    return undefined;
  }
  return names.filter((entry: unknown, index): entry is string => {
    const valid = typeof entry === 'string' && isDottedName(entry);
    if (!valid) warn(`Ignoring "${SETTINGS_SECTION}.python.${name}[${index}]": expected a dotted name such as "${example}", got ${JSON.stringify(entry)}.`);
    return valid;
  });
}
