// The TypeScript sources npm packages ship in node_modules, as a corpus.
import { writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { corpusOf, listFiles, type Corpus } from './files';

const TS_SOURCE = /\.(ts|mts|cts|tsx)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$|\.d\.[^/]*\.ts$/;

/** The package a path belongs to (`@scope/name` or `name`), named by its innermost node_modules. */
function packageOf(path: string): string {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('node_modules');
  return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

/**
 * TypeScript sources (not declarations) shipped in the repository's node_modules, read where
 * they lie. Whole packages are taken, smallest first, up to `cap` files, so that imports inside a
 * package stay within the corpus. No config includes them all, so one is written at
 * `tsconfigPath` for tools that need a project to type-check, with the options an editor infers
 * for loose files.
 */
export function npmTypeScriptCorpus(repoRoot: string, cap: number, tsconfigPath: string): Corpus {
  const nodeModules = join(repoRoot, 'node_modules');
  // `.bin` holds links and `.cache` tools' caches, not packages.
  const all = listFiles(nodeModules, (name) => TS_SOURCE.test(name) && !DECLARATION.test(name), new Set(['.bin', '.cache']));
  const byPackage = new Map<string, string[]>();
  for (const file of all) {
    const pkg = packageOf(file);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), file]);
  }
  const packages = [...byPackage].sort((a, b) => a[1].length - b[1].length || (a[0] < b[0] ? -1 : 1));
  const files: string[] = [];
  const taken: Record<string, number> = {};
  for (const [pkg, paths] of packages) {
    if (files.length + paths.length > cap) continue;
    files.push(...paths);
    taken[pkg] = paths.length;
  }
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'preserve',
    allowJs: true,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    typeRoots: [join(nodeModules, '@types')],
  };
  writeFileSync(tsconfigPath, `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
  const corpus = corpusOf('ts-node-modules', repoRoot, files, { packages: taken, filesFound: all.length, filesLeftOut: all.length - files.length });
  return { ...corpus, typeProject: { tsconfig: tsconfigPath, kind: 'generated' } };
}
