// How `check` and `checklist` analyse the listed files: the index phase, then every file, both
// spread over the analysis pool's threads and served from the cache where it can; reports and
// messages come out in listing order whichever thread finishes first.
import { performance } from 'node:perf_hooks';
import { plural } from '../docs/plural';
import type { FileSummary, TypeCheckedFile } from '../workers/jobs';
import { createAnalysisPool, type AnalysisPool } from '../workers/pool';
import { describeFsError, type SourceFile } from '../workspace/files';
import { TypeScriptProjects, type TypeAwareMode } from '../workspace/typescript-projects';
import type { AnalysisOptions } from './analysis-options';
import { ResultCache } from './cache';
import { IndexDependencies, summaryKey, toolIdentity } from './cache-keys';
import { checkFile, type CheckedFile, type CheckRun, type FileLog } from './check-file';
import type { RunLog } from './diagnostics';
import { mapInOrder } from './in-order';
import { displayPath } from './paths';
import { indexCheckedFiles, type Summarise } from './project';
import type { FileReport } from './report';

/** Files read and waiting for a thread, at most: bounds the texts held at once. */
const LANES = 256;
/** The pool's name for the run's index. */
const INDEX = 'run';

/** A file's messages, held until the files before it have printed theirs. */
class HeldLog implements FileLog {
  private readonly messages: { level: 'error' | 'note'; text: string }[] = [];

  error(text: string): void {
    this.messages.push({ level: 'error', text });
  }

  note(text: string): void {
    this.messages.push({ level: 'note', text });
  }

  printTo(log: RunLog): void {
    for (const message of this.messages) log[message.level](message.text);
  }
}

function seconds(from: number, to: number): string {
  return ((to - from) / 1000).toFixed(2);
}

/** Index summaries come from the cache, else from the pool. */
function summariser(pool: AnalysisPool, cache: ResultCache | undefined, counts: { fromCache: number }): Summarise {
  return async (file, projectPath, text) => {
    const key = cache ? summaryKey(file.language, projectPath, text) : undefined;
    const cached = key === undefined ? undefined : cache?.summary(file.path, key);
    if (cached) {
      counts.fromCache++;
      return cached;
    }
    let summary: FileSummary;
    try {
      summary = await pool.summarise({ language: file.language, projectPath, text });
    } catch {
      return undefined;
    }
    if (key !== undefined) cache?.recordSummary(file.path, key, summary);
    return summary;
  };
}

/** The TypeScript project of each TS/JS file a type checker checks, by path. */
function typeCheckingProjects(files: readonly SourceFile[], mode: TypeAwareMode): Map<string, string> {
  const found = new Map<string, string>();
  if (mode === 'off') return found;
  // Only locates projects: no program is built here.
  const projects = new TypeScriptProjects({ get: () => undefined });
  try {
    for (const file of files) {
      const key = file.language === 'python' ? undefined : projects.locate(file.path, mode)?.key;
      if (key !== undefined) found.set(file.path, key);
    }
  } finally {
    projects.dispose();
  }
  return found;
}

/** Every readable file's report, in listing order; the log tells about the others. */
export async function checkFiles(files: readonly CheckedFile[], options: AnalysisOptions, fix: boolean, log: RunLog): Promise<FileReport[]> {
  const started = performance.now();
  const cache = options.cacheDir === undefined ? undefined : await ResultCache.open(options.cacheDir, toolIdentity());
  const pool = createAnalysisPool({
    workers: options.jobs > 1 ? options.jobs : 0,
    fix,
    helpWhileWorkersStart: true,
    onWorkerFailure: (reason) => log.note(`a worker thread stopped (${reason}); the others go on without it`),
  });
  try {
    const summaries = { fromCache: 0 };
    const project = await indexCheckedFiles(files, summariser(pool, cache, summaries), LANES);
    const indexed = performance.now();
    pool.setIndex(INDEX, project.index);
    const typeProjects = typeCheckingProjects(files, options.typeAware);
    pool.setTypeCheckedFiles([...typeProjects.keys()].map((filePath): TypeCheckedFile => ({ filePath, mode: options.typeAware })));

    const run: CheckRun = {
      fix,
      pool,
      index: INDEX,
      project,
      cache,
      dependencies: new IndexDependencies(project.index),
      typeProjects,
      verbose: options.verbose,
      counts: { fromCache: 0, analysed: 0, skipped: 0 },
    };
    const reports: FileReport[] = [];
    const checkHeld = async (file: CheckedFile) => {
      const held = new HeldLog();
      return { report: await checkFile(file, run, held), held };
    };
    await mapInOrder(files, LANES, checkHeld, ({ report, held }) => {
      held.printTo(log);
      if (report) reports.push(report);
    });
    // Generated and minified files are common in a tree (protobuf stubs, vendored bundles): one line for all of them.
    const { skipped } = run.counts;
    if (skipped > 0 && !options.verbose) log.note(`skipped ${plural(skipped, 'generated or minified file')}; --verbose lists them`);
    await cache?.save().catch((error: unknown) => log.note(`cannot write the cache in ${displayPath(cache.dir)}: ${describeFsError(error)}`));
    if (options.verbose) {
      const { fromCache, analysed } = run.counts;
      const workers = plural(pool.workersStarted, 'worker thread');
      log.note(`indexed ${plural(files.length, 'file')} in ${seconds(started, indexed)} s (${summaries.fromCache} from the cache)`);
      log.note(`checked ${plural(files.length, 'file')} in ${seconds(indexed, performance.now())} s: ${fromCache} from the cache, ${analysed} analysed (${workers} started)`);
    }
    return reports;
  } finally {
    await pool.close();
  }
}
