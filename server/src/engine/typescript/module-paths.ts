// Where a relative import specifier can point, in the order TypeScript's resolver tries the
// files: `./store` -> store.ts, store.tsx, store.js, store.jsx, store/index.ts, ...; and an
// output extension names its source first (`./store.js` -> store.ts), as TS ESM projects write
// imports. Bare package specifiers and path aliases are not resolved: their files are not the
// project's own, or need a tsconfig to find.
import type { ProjectPath } from '../project';

/** Extensions tried, in order, for a specifier without a known extension. */
const IMPLICIT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx'];

/**
 * For a specifier with an extension: the extensions its file may have, in order. TypeScript
 * maps an output extension to its sources (declaration files are not indexed, so left out);
 * `allowImportingTsExtensions` lets a source extension name itself.
 */
const EXPLICIT_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.ts': ['.ts'],
  '.tsx': ['.tsx'],
  '.mts': ['.mts'],
  '.cts': ['.cts'],
};

/** `.`, `..`, `./x` or `../x`: a path from the importing file, not a package name. */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** The folder of `from` joined with a relative specifier, or undefined when it climbs out of the project. */
function joinRelative(from: ProjectPath, specifier: string): string[] | undefined {
  const segments = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return undefined;
  }
  return segments;
}

/**
 * The project paths a relative specifier imported by `from` may name, most likely first;
 * empty for specifiers that are not relative or leave the project.
 */
export function candidatePaths(from: ProjectPath, specifier: string): ProjectPath[] {
  if (!isRelativeSpecifier(specifier)) return [];
  const segments = joinRelative(from, specifier);
  if (!segments) return [];
  const base = segments.join('/');
  // `./` and `..` name a folder; so does a trailing slash.
  const folderOnly = specifier.endsWith('/') || specifier === '.' || specifier === '..' || specifier.endsWith('/.') || specifier.endsWith('/..');
  const inFolder = IMPLICIT_EXTENSIONS.map((extension) => (base === '' ? `index${extension}` : `${base}/index${extension}`));
  if (folderOnly || base === '') return inFolder;
  const name = segments[segments.length - 1];
  const dot = name.lastIndexOf('.');
  const explicit = dot > 0 ? EXPLICIT_EXTENSIONS[name.slice(dot).toLowerCase()] : undefined;
  if (explicit) {
    const stem = base.slice(0, base.length - (name.length - dot));
    return explicit.map((extension) => `${stem}${extension}`);
  }
  return [...IMPLICIT_EXTENSIONS.map((extension) => `${base}${extension}`), ...inFolder];
}
