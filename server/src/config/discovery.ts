// Which configuration file governs a file: the nearest one found walking up from the file's
// folder. In a folder, awaitwise.json wins over pyproject.toml, and a pyproject.toml without a
// [tool.awaitwise] table does not count. The file found is used alone: nothing is merged from
// configuration files further up. Lookups are cached per folder until `clear`.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from '../workspace/files';
import { ConfigError } from './config-error';
import type { ConfigFile } from './options';
import { parseConfigText } from './parse';

export const CONFIG_JSON_NAME = 'awaitwise.json';
export const PYPROJECT_NAME = 'pyproject.toml';

/** The names looked for in each folder, the one that wins first. */
const CONFIG_FILE_NAMES = [CONFIG_JSON_NAME, PYPROJECT_NAME] as const;

/** Whether a path names a file that may hold a configuration (for watchers). */
export function isConfigFileName(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path));
}

export type ConfigLookup =
  | { kind: 'none' }
  | { kind: 'found'; config: ConfigFile }
  /** `text`: what the file held, when it could be read. */
  | { kind: 'invalid'; error: ConfigError; text: string | undefined };

const NONE: ConfigLookup = { kind: 'none' };

/** A file's text, or undefined when there is no such file. Throws for other read errors. */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** What the file at `path` says: `none` when it is absent or, for TOML, has no [tool.awaitwise] table. */
function readConfigFile(path: string): ConfigLookup {
  let text: string | undefined;
  try {
    text = readIfPresent(path);
  } catch (error) {
    return { kind: 'invalid', error: new ConfigError(path, `cannot read it: ${describeFsError(error)}`), text: undefined };
  }
  try {
    const options = text === undefined ? undefined : parseConfigText(path, text);
    return options ? { kind: 'found', config: { path, folder: dirname(path), options } } : NONE;
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'invalid', error, text };
    throw error;
  }
}

/** Reads a configuration file the user named (`--config`); its format follows its name. Throws `ConfigError`. */
export function loadConfigFile(path: string): ConfigFile {
  const lookup = readConfigFile(path);
  if (lookup.kind === 'found') return lookup.config;
  if (lookup.kind === 'invalid') throw lookup.error;
  throw new ConfigError(path, existsSync(path) ? 'it has no [tool.awaitwise] table' : 'no such file');
}

export class ConfigFiles {
  private readonly byFolder = new Map<string, ConfigLookup>();

  /** The configuration that governs the files directly in `folder` (an absolute path). */
  lookup(folder: string): ConfigLookup {
    const visited: string[] = [];
    let found: ConfigLookup = NONE;
    for (let dir = folder; ; dir = dirname(dir)) {
      const cached = this.byFolder.get(dir);
      if (cached) {
        found = cached;
        break;
      }
      visited.push(dir);
      found = this.ownConfig(dir);
      if (found.kind !== 'none' || dirname(dir) === dir) break;
    }
    for (const dir of visited) this.byFolder.set(dir, found);
    return found;
  }

  /** The configuration of the file's (or folder's) parent folder; throws when it is invalid. */
  forPath(path: string): ConfigFile | undefined {
    const lookup = this.lookup(dirname(path));
    if (lookup.kind === 'invalid') throw lookup.error;
    return lookup.kind === 'found' ? lookup.config : undefined;
  }

  clear(): void {
    this.byFolder.clear();
  }

  /** The configuration file in `dir` itself, if any. */
  private ownConfig(dir: string): ConfigLookup {
    for (const name of CONFIG_FILE_NAMES) {
      const lookup = readConfigFile(join(dir, name));
      if (lookup.kind !== 'none') return lookup;
    }
    return NONE;
  }
}
