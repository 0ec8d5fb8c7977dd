// What a cached summary or result depends on, as digests. A result is reused only when all of
// it is unchanged: the tool, the file's text and path in the project, its settings, and the
// entries of the cross-file index its analysis asked about (so an edit elsewhere only
// invalidates the files whose answers it may change).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { version } from '../../../package.json';
import { pythonDependencyKeys, type ModuleSummary, type ScriptModuleSummary, type SourceLanguage } from '../engine';
import type { FileSettings, IndexSnapshot } from '../workers/jobs';

function digest(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted: equal settings give equal text, whatever order built them. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}

/** This build of the tool: nothing another version or build wrote is reused. */
export function toolIdentity(): string {
  // The running bundle holds the engine and every rule: a change to them changes its bytes.
  return `awaitwise ${version} ${digest(readFileSync(__filename))}`;
}

/** What a file's index summary depends on. */
export function summaryKey(language: SourceLanguage, projectPath: string, text: string): string {
  return digest(JSON.stringify([language, projectPath, digest(text)]));
}

/** What a file's findings depend on, besides the cross-file index. */
export function resultKey(language: SourceLanguage, projectPath: string, settings: FileSettings, text: string): string {
  return digest(canonicalJson({ language, projectPath, settings, text: digest(text) }));
}

/** The run's index entries by the keys analyses ask about (see `QueryLog`). */
export class IndexDependencies {
  private readonly python = new Map<string, [string, ModuleSummary][]>();
  private readonly scripts: ReadonlyMap<string, ScriptModuleSummary | null>;

  constructor(snapshot: IndexSnapshot) {
    for (const entry of snapshot.python) {
      for (const key of pythonDependencyKeys(entry[0])) {
        const entries = this.python.get(key);
        if (entries) entries.push(entry);
        else this.python.set(key, [entry]);
      }
    }
    this.scripts = new Map(snapshot.scripts);
  }

  /** Equal digests: an analysis that asked only about `keys` (sorted) gets the same answers. */
  digest(language: SourceLanguage, keys: readonly string[]): string {
    const python = language === 'python';
    return digest(JSON.stringify(keys.map((key) => [key, python ? (this.python.get(key) ?? []) : this.scriptEntry(key)])));
  }

  /** A file that exports nothing tracked still decides where an import resolves: it differs from no file. */
  private scriptEntry(path: string): { summary: ScriptModuleSummary | null } | null {
    return this.scripts.has(path) ? { summary: this.scripts.get(path)! } : null;
  }
}
