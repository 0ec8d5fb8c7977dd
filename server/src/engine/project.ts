// Cross-file knowledge: which functions and methods defined elsewhere in the project are
// coroutine functions, so `from app.store import save; save(x)` is known to drop a coroutine.
//
// Modules are registered under every suffix of their path (`src/app/store.py` answers to
// `store`, `app.store` and `src.app.store`), so lookups work without knowing the package
// roots or sys.path. Where several files answer to one name and disagree, the answer is
// "unknown": precision first.

/** What one file contributes to the index. */
export interface ModuleSummary {
  /** Member path (`save`, `Store.flush`) -> whether calling it returns a coroutine. */
  functions: Record<string, boolean>;
  /** Class name -> base classes as absolute dotted names where imports resolve them. */
  classes: Record<string, string[]>;
}

/** A project-relative path with `/` separators, as the index names files. */
export type ProjectPath = string;

/** The dotted module path of a Python file: `src/app/store.py` -> [src, app, store]. */
export function pythonModuleSegments(path: ProjectPath): string[] {
  const segments = path.replace(/\.pyi?$/, '').split('/').filter((segment) => segment.length > 0);
  if (segments[segments.length - 1] === '__init__') segments.pop();
  return segments;
}

/** Every dotted suffix of a module path, longest first. */
function moduleKeys(segments: readonly string[]): string[] {
  return segments.map((_, start) => segments.slice(start).join('.'));
}

const MAX_BASE_DEPTH = 8;

/**
 * What analyses asked an index, by key: a module key for Python (`app.store`), a project path
 * for TS/JS. A change to a file touches known keys (`dependencyKeysOf`), so only the analyses
 * that asked about them need to run again. Misses are recorded too: a file added later may
 * answer a question that had no answer.
 */
export class QueryLog {
  readonly keys = new Set<string>();
}

/** Runs `analyse` while `index` records the keys it is asked about. */
export function recordingQueries<T>(index: { recordInto(log: QueryLog | undefined): void }, analyse: () => T): { value: T; keys: Set<string> } {
  const log = new QueryLog();
  index.recordInto(log);
  try {
    return { value: analyse(), keys: log.keys };
  } finally {
    index.recordInto(undefined);
  }
}

/** The keys under which analyses ask about a Python file (see `QueryLog`). */
export function pythonDependencyKeys(path: ProjectPath): string[] {
  return moduleKeys(pythonModuleSegments(path));
}

function sameSummary(a: ModuleSummary | undefined, b: ModuleSummary | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ProjectIndex {
  private readonly summaries = new Map<ProjectPath, { summary: ModuleSummary; module: string }>();
  private readonly byModule = new Map<string, Set<ProjectPath>>();
  /** Bumped whenever an answer may have changed; part of every cache key that used the index. */
  private versionValue = 0;
  private queries: QueryLog | undefined;

  get version(): number {
    return this.versionValue;
  }

  get size(): number {
    return this.summaries.size;
  }

  /** While set, every module key a lookup consults is added to the log. */
  recordInto(log: QueryLog | undefined): void {
    this.queries = log;
  }

  /** Records a file's summary; returns whether anything changed. */
  update(path: ProjectPath, summary: ModuleSummary): boolean {
    const previous = this.summaries.get(path);
    if (previous && sameSummary(previous.summary, summary)) return false;
    if (!previous) {
      for (const key of moduleKeys(pythonModuleSegments(path))) {
        let paths = this.byModule.get(key);
        if (!paths) this.byModule.set(key, (paths = new Set()));
        paths.add(path);
      }
    }
    this.summaries.set(path, { summary, module: pythonModuleSegments(path).join('.') });
    this.versionValue++;
    return true;
  }

  remove(path: ProjectPath): boolean {
    if (!this.summaries.delete(path)) return false;
    for (const key of moduleKeys(pythonModuleSegments(path))) {
      const paths = this.byModule.get(key);
      paths?.delete(path);
      if (paths?.size === 0) this.byModule.delete(key);
    }
    this.versionValue++;
    return true;
  }

  /**
   * Whether a dotted name (`app.store.save`, `app.store.Store.flush`) is a coroutine
   * function of some indexed module: true only when every file that defines it agrees.
   */
  isCoroutine(qualified: string, depth = 0): boolean {
    const segments = qualified.split('.');
    for (let split = segments.length - 1; split >= 1; split--) {
      const key = segments.slice(0, split).join('.');
      this.queries?.keys.add(key);
      const paths = this.byModule.get(key);
      if (!paths) continue;
      const answers = [...paths].map((path) => this.answer(path, segments.slice(split), depth));
      const known = answers.filter((answer): answer is boolean => answer !== undefined);
      if (known.length > 0) return known.every((answer) => answer);
    }
    return false;
  }

  /** What one file says about a member: coroutine, plain function, or nothing. */
  private answer(path: ProjectPath, member: readonly string[], depth: number): boolean | undefined {
    const entry = this.summaries.get(path)!;
    const own = entry.summary.functions[member.join('.')];
    if (own !== undefined) return own;
    // A method the class does not define itself may come from a base class.
    if (member.length === 2 && depth < MAX_BASE_DEPTH) {
      for (const base of entry.summary.classes[member[0]] ?? []) {
        const qualifiedBase = base.includes('.') ? base : `${entry.module}.${base}`;
        if (this.isCoroutine(`${qualifiedBase}.${member[1]}`, depth + 1)) return true;
      }
    }
    return undefined;
  }
}
