// The cache of `check` and `checklist`: for each file, its index summary and its findings
// under the keys they were computed for (cache-keys.ts), in one file of the cache folder.
//
// - Read once when a run starts; written when it ends, only if something changed, to a
//   temporary file renamed over the old one, so no reader ever sees half a file.
// - A checksum tells a damaged file, which is ignored like a missing one; so is a file that
//   another version or build of the tool wrote.
// - Bounded: a file keeps only what its latest run used, and files that no longer exist are
//   dropped when the cache is rewritten.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../engine/types';
import type { FileSummary } from '../workers/jobs';

const RESULTS_FILE = 'results.json';
const GITIGNORE = '# Created by awaitwise: nothing in this folder belongs in version control.\n*\n';

interface CachedSummary {
  key: string;
  summary: FileSummary;
}

interface CachedFindings {
  key: string;
  /** The index keys the analysis asked about, sorted. */
  dependencies: string[];
  /** What the index held under them. */
  dependencyDigest: string;
  findings: Finding[];
}

interface CacheEntry {
  summary?: CachedSummary;
  findings?: CachedFindings;
}

interface CacheContents {
  tool: string;
  /** By absolute path. */
  files: Record<string, CacheEntry>;
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The checksum line, then the contents. */
function serialise(contents: CacheContents): { body: string; text: string } {
  const body = JSON.stringify(contents);
  return { body, text: `${checksum(body)}\n${body}` };
}

/** The stored contents, unless the file is damaged or another build of the tool wrote it. */
function parse(text: string, tool: string): { files: Record<string, CacheEntry>; body: string } | undefined {
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline < 0 || text.slice(0, newline) !== checksum(body)) return undefined;
  try {
    const contents = JSON.parse(body) as CacheContents;
    return contents.tool === tool ? { files: contents.files, body } : undefined;
  } catch {
    return undefined;
  }
}

export class ResultCache {
  /** What this run used or computed, by path: replaces the stored entry when the cache is saved. */
  private readonly current = new Map<string, CacheEntry>();

  private constructor(
    readonly dir: string,
    private readonly tool: string,
    private readonly stored: Readonly<Record<string, CacheEntry>>,
    private readonly storedBody: string | undefined,
  ) {}

  /** The cache in `dir`; empty when there is none yet or it cannot be used. */
  static async open(dir: string, tool: string): Promise<ResultCache> {
    const text = await readFile(join(dir, RESULTS_FILE), 'utf8').catch(() => undefined);
    const stored = text === undefined ? undefined : parse(text, tool);
    return new ResultCache(dir, tool, stored?.files ?? {}, stored?.body);
  }

  summary(filePath: string, key: string): FileSummary | undefined {
    const cached = this.stored[filePath]?.summary;
    if (cached?.key !== key) return undefined;
    this.entry(filePath).summary = cached;
    return cached.summary;
  }

  recordSummary(filePath: string, key: string, summary: FileSummary): void {
    this.entry(filePath).summary = { key, summary };
  }

  /**
   * The findings stored under `key`, when the index still holds what it held under the keys
   * their analysis asked about (`digestOf` tells).
   */
  findings(filePath: string, key: string, digestOf: (dependencies: readonly string[]) => string): Finding[] | undefined {
    const cached = this.stored[filePath]?.findings;
    if (cached?.key !== key || digestOf(cached.dependencies) !== cached.dependencyDigest) return undefined;
    this.entry(filePath).findings = cached;
    return cached.findings;
  }

  recordFindings(filePath: string, key: string, dependencies: readonly string[], digestOf: (dependencies: readonly string[]) => string, findings: Finding[]): void {
    const sorted = [...dependencies].sort();
    this.entry(filePath).findings = { key, dependencies: sorted, dependencyDigest: digestOf(sorted), findings };
  }

  /** Writes the cache if it changed. Throws when it cannot be written. */
  async save(): Promise<void> {
    const files: Record<string, CacheEntry> = {};
    const paths = new Set([...this.current.keys(), ...Object.keys(this.stored)]);
    for (const path of [...paths].sort()) {
      const entry = this.current.get(path) ?? (existsSync(path) ? this.stored[path] : undefined);
      if (entry) files[path] = entry;
    }
    const { body, text } = serialise({ tool: this.tool, files });
    // Nothing to keep is not worth creating a folder for.
    if (body === this.storedBody || (Object.keys(files).length === 0 && this.storedBody === undefined)) return;
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const target = join(this.dir, RESULTS_FILE);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private entry(filePath: string): CacheEntry {
    let entry = this.current.get(filePath);
    if (!entry) this.current.set(filePath, (entry = {}));
    return entry;
  }
}
