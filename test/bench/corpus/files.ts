// What a benchmark corpus is, and the file-system chores shared by the generators.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A set of files every tool of a section is given, identically. */
export interface Corpus {
  name: string;
  /** Where the tools run (their working directory). */
  root: string;
  /** Absolute paths, sorted. */
  files: string[];
  bytes: number;
  /** The TypeScript project that type-checks the files: shipped with them (tools find it) or written for the benchmark (named to tools). */
  typeProject?: { tsconfig: string; kind: 'own' | 'generated' };
  /** Anything a reader of the figures should know about where the files came from. */
  details?: Record<string, unknown>;
}

/**
 * Generated corpora live outside the repository: its .gitignore would hide them from tools that
 * honour it (oxlint does, even for named paths), and they are never committed. Same folder for
 * every run, rewritten each time.
 */
export const BENCH_TMP = join(tmpdir(), 'awaitwise-bench');

export function freshDir(name: string): string {
  const dir = join(BENCH_TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeTree(root: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Files under `root` whose name `wanted` accepts, not entering folders named in `skipDirs`. */
export function listFiles(root: string, wanted: (name: string) => boolean, skipDirs: ReadonlySet<string> = new Set()): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) walk(path);
      } else if (entry.isFile() && wanted(entry.name)) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found.sort();
}

export function corpusOf(name: string, root: string, files: string[], details?: Record<string, unknown>): Corpus {
  const sorted = [...files].sort();
  const bytes = sorted.reduce((sum, file) => sum + statSync(file).size, 0);
  return { name, root, files: sorted, bytes, details };
}
