// The options a configuration file may set, under the same names in awaitwise.json and in the
// [tool.awaitwise] table of pyproject.toml (the command-line flags' names, where there is one).
import type { RuleSetting } from '../engine/config';
import type { PythonVersion } from '../engine/types';

/** The keys, in the order the documentation and the schema list them. */
export const CONFIG_KEYS = [
  'select',
  'ignore',
  'rules',
  'per-file-ignores',
  'exclude',
  'python-version',
  'blocking-calls',
  'startable-functions',
  'safe-calls',
  'max-file-size',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** What each key means: the schema's descriptions, which editors show on hover. */
export const CONFIG_KEY_DESCRIPTIONS: Readonly<Record<ConfigKey, string>> = {
  select:
    'Rules to check instead of the default set: rule ids, peer codes such as ASYNC251 or no-floating-promises, or "all" (which includes the rules that are off by default). The --select flag replaces it.',
  ignore: 'Rules never to report, whatever "select" and "rules" say: rule ids or peer codes. The --ignore flag adds to it.',
  rules:
    'Severity of each rule ("error", "warning", "information", "hint"), or "off". A key is a rule id or a peer code; giving a severity to a rule that is off by default turns it on. The awaitwise.rules setting in VS Code wins over it, rule by rule.',
  'per-file-ignores':
    'Rules never to report in some files: a glob, relative to the folder of this file, mapped to a list of rule ids or peer codes. A glob without "/" matches a name at any depth.',
  exclude:
    'Globs of files and folders not to analyse, relative to the folder of this file. A glob without "/" matches a name at any depth ("*_pb2.py"); one with "/" is anchored at this folder ("legacy/**").',
  'python-version':
    'The Python version the code targets, such as "3.11": fixes never suggest APIs it lacks. By default, the lower bound of requires-python in the nearest pyproject.toml, else 3.11.',
  'blocking-calls':
    'Dotted names of your own blocking Python functions and methods ("billing_sdk.charge", "legacy.Client.query"), reported by configured-blocking-call (ASYNC200) when called in async code.',
  'startable-functions':
    'Python functions that take task_status and should be started with "await tg.start(...)", by name or dotted name ("serve_admin", "myapp.net.serve").',
  'safe-calls':
    'TS/JS calls whose promise may be left unawaited, replacing the default (node:test\'s it, test, describe, suite): "node:test.it", "my-kit.scenario"; a module alone means its default export, a bare name a global.',
  'max-file-size':
    'Files larger than this many bytes are not analysed (default 2097152, 2 MiB; 0 for no limit). Generated and minified files are never analysed, whatever their size. The --max-file-size flag and the awaitwise.maxFileSize setting win over it.',
};

/** Rules left out for the files a glob matches. */
export interface PerFileIgnore {
  glob: string;
  rules: readonly string[];
}

/** A configuration file's options, validated; an absent key is undefined. */
export interface ConfigOptions {
  select?: readonly string[];
  ignore?: readonly string[];
  rules?: Readonly<Record<string, RuleSetting>>;
  perFileIgnores?: readonly PerFileIgnore[];
  exclude?: readonly string[];
  pythonVersion?: PythonVersion;
  blockingCalls?: readonly string[];
  startableFunctions?: readonly string[];
  safeCalls?: readonly string[];
  /** Bytes; 0 for no limit. */
  maxFileSize?: number;
}

/** A configuration file that was found and is valid. */
export interface ConfigFile {
  /** Absolute path. */
  readonly path: string;
  /** Its folder: the globs in it are relative to this. */
  readonly folder: string;
  readonly options: ConfigOptions;
}
