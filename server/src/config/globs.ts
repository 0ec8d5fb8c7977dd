// The globs of a configuration file (`exclude`, `per-file-ignores`), relative to its folder
// and read the way the `awaitwise.exclude` setting is (see workspace/exclude.ts).
import { createExcludeMatcher, type PathMatcher } from '../workspace/exclude';
import type { ConfigFile } from './options';

interface ConfigMatchers {
  exclude: PathMatcher;
  perFileIgnores: { matches: PathMatcher; rules: readonly string[] }[];
}

/** Compiled once per loaded file; a file read again is a new object, so nothing goes stale. */
const compiled = new WeakMap<ConfigFile, ConfigMatchers>();

function matchersOf(config: ConfigFile): ConfigMatchers {
  let matchers = compiled.get(config);
  if (!matchers) {
    matchers = {
      exclude: createExcludeMatcher(config.options.exclude ?? [], config.folder),
      perFileIgnores: (config.options.perFileIgnores ?? []).map(({ glob, rules }) => ({ matches: createExcludeMatcher([glob], config.folder), rules })),
    };
    compiled.set(config, matchers);
  }
  return matchers;
}

/** Whether the configuration's `exclude` covers `path` (a file or a folder). */
export function configExcludes(config: ConfigFile, path: string): boolean {
  return matchersOf(config).exclude(path);
}

/** The rules `per-file-ignores` leaves out for the file, in the order the file lists them. */
export function perFileIgnoresFor(config: ConfigFile, filePath: string): string[] {
  return matchersOf(config).perFileIgnores.flatMap(({ matches, rules }) => (matches(filePath) ? rules : []));
}
