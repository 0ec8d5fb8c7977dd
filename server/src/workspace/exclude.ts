// `exclude` globs from settings and config, matched against paths relative to a root.
import picomatch from 'picomatch';
import { relativeInside } from './paths';

/** Folders never worth analysing: dependencies, virtualenvs, caches and build output. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  'dist',
  'build',
  'out',
  '.next',
  'coverage',
]);

export type PathMatcher = (absolutePath: string) => boolean;

/**
 * True for paths under `root` that match any glob. A glob without a slash matches a name
 * at any depth (`*.gen.py`), as in .gitignore; one with a slash is anchored at the root.
 */
export function createExcludeMatcher(globs: readonly string[], root: string): PathMatcher {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((glob) => (glob.includes('/') ? glob.replace(/^\.?\//, '') : `**/${glob}`));
  const matchers = patterns.flatMap((pattern) => [pattern, `${pattern}/**`]).map((pattern) => picomatch(pattern, { dot: true }));
  return (absolutePath) => {
    const path = relativeInside(root, absolutePath);
    return path !== undefined && matchers.some((match) => match(path));
  };
}
