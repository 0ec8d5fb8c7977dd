// `exclude` globs from settings and config, matched against paths relative to a root.
import picomatch from 'picomatch';
import { relative, sep } from 'node:path';

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
    const path = relative(root, absolutePath).split(sep).join('/');
    if (path === '' || path.startsWith('..')) return false;
    return matchers.some((match) => match(path));
  };
}
