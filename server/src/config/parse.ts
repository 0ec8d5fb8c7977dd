// Reads the text of a configuration file (awaitwise.json, or the [tool.awaitwise] table of a
// pyproject.toml) into validated options. Anything wrong is an error naming the key, and for
// a list the entry: a typo must never pass for a setting that took effect.
import { parse as parseToml, TomlError } from 'smol-toml';
import { closestName } from '../engine/closest-name';
import { RULE_SETTINGS, isDottedName, rulesNamed, type RuleSetting } from '../engine/config';
import type { PythonVersion } from '../engine/types';
import { catalogMeta } from '../rules';
import { parseTargetPythonVersion } from '../workspace/python-version';
import { ConfigError } from './config-error';
import { jsonSyntaxError } from './json-error';
import { CONFIG_KEYS, type ConfigKey, type ConfigOptions, type PerFileIgnore } from './options';

type ConfigFormat = 'json' | 'toml';

/** TOML for `.toml` files (pyproject.toml), JSON for the rest (awaitwise.json). */
function configFormatOf(path: string): ConfigFormat {
  return path.endsWith('.toml') ? 'toml' : 'json';
}

/**
 * The options in a configuration file, read from its text; undefined for a TOML file without
 * a [tool.awaitwise] table, which is not an awaitwise configuration. Throws `ConfigError`.
 */
export function parseConfigText(path: string, text: string): ConfigOptions | undefined {
  if (configFormatOf(path) === 'json') return new OptionsReader(path, 'json').read(parseJson(path, text));
  const data = parseTomlText(path, text);
  const tool = data.tool;
  if (!isTable(tool) || tool.awaitwise === undefined) return undefined;
  if (!isTable(tool.awaitwise)) throw new ConfigError(path, `expected a table, got ${describe(tool.awaitwise, 'toml')}`, { key: 'tool.awaitwise' });
  return new OptionsReader(path, 'toml').read(tool.awaitwise);
}

function parseJson(path: string, text: string): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch {
    const { offset, problem } = jsonSyntaxError(json);
    throw new ConfigError(path, `invalid JSON: ${problem}`, lineAndColumn(json, offset));
  }
}

function parseTomlText(path: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // The first line is the reason; the rest is an excerpt of the file.
    const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigError(path, `invalid TOML: ${reason}`, { line: error.line, column: error.column });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A value as the message about it shows it, in the words of the file's format. */
function describe(value: unknown, format: ConfigFormat): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (isTable(value)) return format === 'toml' ? 'a table' : 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const RULE_NAMES = [...catalogMeta.map((rule) => rule.id), ...new Set(catalogMeta.flatMap((rule) => rule.aliases))];

/** Validates the options table of one file; each check names the key it reads. */
class OptionsReader {
  constructor(
    private readonly file: string,
    private readonly format: ConfigFormat,
  ) {}

  read(raw: unknown): ConfigOptions {
    if (!isTable(raw)) this.fail('', `expected ${this.format === 'json' ? 'an object' : 'a table'} of options, got ${describe(raw, this.format)}`);
    for (const [key, value] of Object.entries(raw)) {
      if (this.format === 'json' && key === '$schema') {
        if (typeof value !== 'string') this.fail(key, `expected the URL or path of the schema, got ${describe(value, this.format)}`);
      } else if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
        const meant = closestName(key, CONFIG_KEYS);
        this.fail(key, meant ? `unknown key; did you mean '${meant}'?` : `unknown key; the keys are ${CONFIG_KEYS.join(', ')}`);
      }
    }
    const option = <T>(key: ConfigKey, read: (value: unknown, at: string) => T): T | undefined => (raw[key] === undefined ? undefined : read(raw[key], key));
    return dropUndefined({
      select: option('select', (value, at) => {
        const names = this.ruleNames(value, at);
        if (names.length === 0) this.fail(at, 'needs at least one rule name; to turn rules off, use ignore');
        return names;
      }),
      ignore: option('ignore', (value, at) => this.ruleNames(value, at)),
      rules: option('rules', (value, at) => this.ruleSettings(value, at)),
      perFileIgnores: option('per-file-ignores', (value, at) => this.perFileIgnores(value, at)),
      exclude: option('exclude', (value, at) => this.strings(value, at, 'globs', '"generated/**"')),
      pythonVersion: option('python-version', (value, at) => this.pythonVersion(value, at)),
      blockingCalls: option('blocking-calls', (value, at) => this.dottedNames(value, at, '"mylib.fetch_sync"')),
      startableFunctions: option('startable-functions', (value, at) => this.dottedNames(value, at, '"myapp.serve"')),
      safeCalls: option('safe-calls', (value, at) => this.strings(value, at, 'names', '"node:test.it"')),
      maxFileSize: option('max-file-size', (value, at) => this.byteCount(value, at)),
    });
  }

  /** `at`: the key, as it reads in the file's format; empty for the options table itself. */
  private fail(at: string, problem: string): never {
    const key = this.format === 'toml' ? (at ? `tool.awaitwise.${at}` : 'tool.awaitwise') : at;
    throw new ConfigError(this.file, problem, key ? { key } : undefined);
  }

  private list(value: unknown, at: string, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(at, `expected a list of ${what}, got ${describe(value, this.format)}`);
    return value;
  }

  private table(value: unknown, at: string, what: string): Record<string, unknown> {
    if (!isTable(value)) this.fail(at, `expected ${this.format === 'json' ? 'an object' : 'a table'} ${what}, got ${describe(value, this.format)}`);
    return value;
  }

  /** Non-empty strings, such as globs. */
  private strings(value: unknown, at: string, what: string, example: string): string[] {
    return this.list(value, at, what).map((entry, index) => {
      if (typeof entry !== 'string' || entry.trim() === '') this.fail(`${at}[${index}]`, `expected a non-empty string such as ${example}, got ${describe(entry, this.format)}`);
      return entry;
    });
  }

  private dottedNames(value: unknown, at: string, example: string): string[] {
    return this.list(value, at, 'dotted names').map((entry, index) => {
      if (typeof entry !== 'string' || !isDottedName(entry)) this.fail(`${at}[${index}]`, `expected a dotted name such as ${example}, got ${describe(entry, this.format)}`);
      return entry;
    });
  }

  private ruleName(name: unknown, at: string): string {
    if (typeof name !== 'string') this.fail(at, `expected a rule id or peer code, got ${describe(name, this.format)}`);
    if (rulesNamed(name, catalogMeta).length === 0) {
      const meant = closestName(name, RULE_NAMES);
      this.fail(at, `'${name}' is not a rule id or peer code${meant ? `; did you mean '${meant}'?` : ''}`);
    }
    return name;
  }

  private ruleNames(value: unknown, at: string): string[] {
    return this.list(value, at, 'rule names').map((entry, index) => this.ruleName(entry, `${at}[${index}]`));
  }

  private ruleSettings(value: unknown, at: string): Record<string, RuleSetting> {
    const settings: Record<string, RuleSetting> = {};
    for (const [name, setting] of Object.entries(this.table(value, at, 'mapping rule ids to a severity'))) {
      const key = keyPath(at, name);
      this.ruleName(name, key);
      if (!RULE_SETTINGS.includes(setting as RuleSetting)) {
        const choices = RULE_SETTINGS.map((choice) => `"${choice}"`);
        this.fail(key, `expected ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, got ${describe(setting, this.format)}`);
      }
      settings[name] = setting as RuleSetting;
    }
    return settings;
  }

  private perFileIgnores(value: unknown, at: string): PerFileIgnore[] {
    return Object.entries(this.table(value, at, 'mapping globs to lists of rules')).map(([glob, rules]) => {
      const key = keyPath(at, glob);
      if (glob.trim() === '') this.fail(key, 'expected a glob, got an empty key');
      return { glob, rules: this.ruleNames(rules, key) };
    });
  }

  private byteCount(value: unknown, at: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(at, `expected a whole number of bytes such as 2097152, or 0 for no limit, got ${describe(value, this.format)}`);
    }
    return value;
  }

  private pythonVersion(value: unknown, at: string): PythonVersion {
    if (typeof value === 'number') this.fail(at, `expected a string such as "3.11", got the number ${value}: write it in quotes`);
    const version = typeof value === 'string' ? parseTargetPythonVersion(value) : undefined;
    if (!version) this.fail(at, `expected a Python 3 version such as "3.11", got ${describe(value, this.format)}`);
    return version;
  }
}

/** `parent.name`, quoting names that are not bare keys (globs). */
function keyPath(parent: string, name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? `${parent}.${name}` : `${parent}.${JSON.stringify(name)}`;
}

function dropUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
