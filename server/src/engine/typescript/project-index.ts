// Cross-file knowledge for TS/JS without a type checker: which functions exported by other
// project files return promises, so `import { save } from './store'; save(x)` is known to drop
// one.
//
// Files are keyed by project path, and an import resolves as TypeScript's resolver would among
// the files the index knows (module-paths.ts). The index knows every TS/JS file of the project,
// also those whose summary is empty, so that resolution stops at the file TypeScript would pick
// instead of falling through to a later candidate. Re-exports are followed a few hops. Where
// the answer is unknown or ambiguous it is "no": precision first.
import type { ProjectPath, QueryLog } from '../project';
import type { ModuleBindings } from './bindings';
import { candidatePaths, isRelativeSpecifier } from './module-paths';
import type { ScriptModuleSummary } from './module-summary';

/** How many re-exports (`export * from`, `export { f } from`, `export { f }` of an import) are followed. */
const MAX_HOPS = 4;

/** Versions are unique across indexes, so an index that replaced another never repeats a version a cache saw. */
let lastVersion = 0;

/** One answer when all agree; undefined when there are none or they disagree. */
function agreed(answers: readonly (boolean | undefined)[]): boolean | undefined {
  const known = answers.filter((answer): answer is boolean => answer !== undefined);
  return known.length > 0 && known.every((answer) => answer === known[0]) ? known[0] : undefined;
}

function isEmpty(summary: ScriptModuleSummary): boolean {
  return Object.keys(summary.exports).length === 0 && Object.keys(summary.reexports).length === 0 && summary.stars.length === 0;
}

/** Every way to read a dotted name as specifier + member path; a specifier may hold dots itself (`./store.js`, `..`). */
function splits(qualified: string): { specifier: string; member: string[] }[] {
  const found = [{ specifier: qualified, member: ['default'] }];
  for (let dot = qualified.indexOf('.', qualified.lastIndexOf('/') + 1); dot >= 0; dot = qualified.indexOf('.', dot + 1)) {
    found.push({ specifier: qualified.slice(0, dot), member: qualified.slice(dot + 1).split('.') });
  }
  return found.filter(({ specifier, member }) => isRelativeSpecifier(specifier) && member.every((segment) => segment.length > 0));
}

export class ScriptProjectIndex {
  /** Every known file, with undefined for one whose text exports nothing the index tracks. */
  private readonly files = new Map<ProjectPath, ScriptModuleSummary | undefined>();
  /** Bumped whenever an answer may have changed; part of every cache key that used the index. */
  private versionValue = ++lastVersion;
  private queries: QueryLog | undefined;

  get version(): number {
    return this.versionValue;
  }

  /** Files with a summary. */
  get size(): number {
    let count = 0;
    for (const summary of this.files.values()) if (summary) count++;
    return count;
  }

  /** While set, every path a resolution tries is added to the log (see `QueryLog`). */
  recordInto(log: QueryLog | undefined): void {
    this.queries = log;
  }

  /** Records a file (`summary` undefined: it exists, and exports nothing tracked); returns whether anything changed. */
  update(path: ProjectPath, summary: ScriptModuleSummary | undefined): boolean {
    const kept = summary && !isEmpty(summary) ? summary : undefined;
    if (this.files.has(path) && JSON.stringify(this.files.get(path)) === JSON.stringify(kept)) return false;
    this.files.set(path, kept);
    this.versionValue = ++lastVersion;
    return true;
  }

  remove(path: ProjectPath): boolean {
    if (!this.files.delete(path)) return false;
    this.versionValue = ++lastVersion;
    return true;
  }

  /**
   * Whether a dotted name as the imports of the file at `from` bind it (`./store.save`,
   * `../lib/store` for a default export, `./api.Store.load`) is a function that returns a promise.
   */
  isPromiseFunction(from: ProjectPath, qualified: string): boolean {
    return this.lookup(from, qualified, 0) === true;
  }

  /** The file a relative specifier imported by `from` names: the first candidate the index knows. */
  resolve(from: ProjectPath, specifier: string): ProjectPath | undefined {
    const candidates = candidatePaths(from, specifier);
    // Every candidate up to the one found: an earlier one appearing later would win.
    for (const path of candidates) {
      this.queries?.keys.add(path);
      if (this.files.has(path)) return path;
    }
    return undefined;
  }

  private lookup(from: ProjectPath, qualified: string, hops: number): boolean | undefined {
    const answers = splits(qualified).map(({ specifier, member }) => {
      const path = this.resolve(from, specifier);
      if (path === undefined) return undefined;
      // A default import binds the module's name, so `Store.load` may mean the default export's member.
      return this.answer(path, member, hops) ?? (member[0] === 'default' ? undefined : this.answer(path, ['default', ...member], hops));
    });
    return agreed(answers);
  }

  /** What the file at `path` says about an export path: promise function, something else, or nothing. */
  private answer(path: ProjectPath, member: readonly string[], hops: number): boolean | undefined {
    const summary = this.files.get(path);
    if (!summary) return undefined;
    const own = summary.exports[member.join('.')];
    if (own !== undefined) return own;
    for (let length = member.length; length >= 1; length--) {
      const target = summary.reexports[member.slice(0, length).join('.')];
      if (target === undefined) continue;
      return hops < MAX_HOPS ? this.lookup(path, [target, ...member.slice(length)].join('.'), hops + 1) : undefined;
    }
    // A name the file declares itself hides `export *`, which never passes on `default`.
    if (summary.exports[member[0]] !== undefined || member[0] === 'default' || hops >= MAX_HOPS) return undefined;
    return agreed(
      summary.stars.map((specifier) => {
        const target = this.resolve(path, specifier);
        return target === undefined ? undefined : this.answer(target, member, hops + 1);
      }),
    );
  }
}

/** Where a file stands in a `ScriptProjectIndex`: what its analysis reads. */
export interface ScriptProjectFile {
  readonly index: ScriptProjectIndex;
  /** The file's own key, which its relative imports start from. */
  readonly path: ProjectPath;
}

/**
 * Whether any import of the file names a project file. Bound names of relative specifiers start
 * with a dot (`./store.save`, `..save` for `from '.'`), and package names never do.
 */
export function importsProjectFiles(bindings: ModuleBindings): boolean {
  for (const name of bindings.values()) if (name.startsWith('.')) return true;
  return false;
}
