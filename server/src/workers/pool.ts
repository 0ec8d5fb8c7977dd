// A pool of worker threads that analyse files: jobs in, findings out. Each job is answered
// through its own promise, so callers keep their own order whatever finishes first.
//
// - Workers start when jobs wait for them, up to the limit. Loading one takes longer than
//   analysing a few files, so the calling thread may analyse too until the first worker is
//   ready; it then starts workers only when the jobs waiting would keep it busy longer than
//   starting one takes. A short run ends without any.
// - Jobs with the same affinity always run in the same thread (the type-aware files of one
//   TypeScript project share the program that thread builds); other jobs go to whichever
//   worker is free. The calling thread may take one affinity, when it comes before workers
//   are wanted: a short run of one project then needs none.
// - A worker that dies fails the job it was running; a replacement takes over the rest of its
//   work. One that dies with no job running (it could not load) is not replaced: the others,
//   or the calling thread, go on without it.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { FileAnalyser } from './file-analyser';
import type { AnalysisJob, AnalysisOutcome, FileSummary, IndexSnapshot, SummaryJob, TypeCheckedFile } from './jobs';
import type { FromWorker, JobRequest, JobResult, ToWorker, WorkerSetup } from './messages';

export interface AnalysisPoolOptions {
  /** Worker threads at most; 0 analyses every job in the calling thread. */
  workers: number;
  /** Analyses apply the safe fixes and report the fixed text (`AnalysisOutcome.fixed`). */
  fix: boolean;
  /**
   * The calling thread analyses too while no worker is ready, and starts workers only for
   * work that would take it longer than `WORKER_START_MS`.
   */
  helpWhileWorkersStart: boolean;
  /** Told why a worker could not start or stopped with no job running. */
  onWorkerFailure?: (reason: string) => void;
  /** The worker's script: by default `worker.js` beside the running bundle. */
  workerScript?: string;
}

export interface AnalysisPool {
  /** The cross-file index that analysis jobs naming `id` read; replaces an earlier one. */
  setIndex(id: string, snapshot: IndexSnapshot): void;
  /** The TS/JS files a type checker checks; the others are analysed from syntax. */
  setTypeCheckedFiles(files: readonly TypeCheckedFile[]): void;
  summarise(job: SummaryJob): Promise<FileSummary>;
  /** Jobs of one `affinity` run in one thread. Rejects when the job throws or its worker dies. */
  analyse(job: AnalysisJob, affinity?: string): Promise<AnalysisOutcome>;
  /** Worker threads started so far, replacements included. */
  readonly workersStarted: number;
  /** Stops the workers; jobs not answered yet are rejected. */
  close(): Promise<void>;
}

export function createAnalysisPool(options: AnalysisPoolOptions): AnalysisPool {
  return new Pool(options);
}

interface Task {
  request: JobRequest;
  affinity: string | undefined;
  resolve(result: JobResult): void;
  reject(error: Error): void;
}

class Slot {
  ready = false;
  /** Why the worker failed, from its `error` event; its `exit` event follows. */
  failure: string | undefined;
  /** Sent and not answered yet, in the order sent. */
  readonly running: { id: number; task: Task }[] = [];
  /** Waiting for this worker because of their affinity. */
  readonly pinned: Task[] = [];

  constructor(readonly worker: Worker) {}
}

/** Jobs sent to a worker ahead of its answers, so it never waits for the calling thread. */
const JOBS_IN_FLIGHT = 2;
/** About how long a worker takes to load the engine and become ready, on two cores. */
const WORKER_START_MS = 500;

class Pool implements AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly shared: Task[] = [];
  private readonly affinities = new Map<string, Slot | 'local'>();
  /** The jobs of the affinity the calling thread took. */
  private readonly localPinned: Task[] = [];
  private readonly indexes = new Map<string, IndexSnapshot>();
  private typeChecked: readonly TypeCheckedFile[] = [];
  private local: FileAnalyser | undefined;
  private localBusy = false;
  private maxWorkers: number;
  private nextId = 1;
  private closed = false;
  /** Whether the jobs waiting are worth a worker; until then only jobs of an affinity start one. */
  private workersWanted: boolean;
  /** How long the calling thread's recent jobs took, its first (which loads the engine) left out. */
  private localJobMs: number | 'first' | undefined = 'first';
  workersStarted = 0;

  constructor(private readonly options: AnalysisPoolOptions) {
    this.maxWorkers = options.workers;
    this.workersWanted = !options.helpWhileWorkersStart;
  }

  setIndex(id: string, snapshot: IndexSnapshot): void {
    this.indexes.set(id, snapshot);
    this.local?.setIndex(id, snapshot);
    this.broadcast({ type: 'index', id, snapshot });
  }

  setTypeCheckedFiles(files: readonly TypeCheckedFile[]): void {
    this.typeChecked = files;
    this.local?.setTypeCheckedFiles(files);
    this.broadcast({ type: 'type-checked', files });
  }

  summarise(job: SummaryJob): Promise<FileSummary> {
    return this.submit({ kind: 'summarise', job }, undefined) as Promise<FileSummary>;
  }

  analyse(job: AnalysisJob, affinity?: string): Promise<AnalysisOutcome> {
    return this.submit({ kind: 'analyse', job }, affinity) as Promise<AnalysisOutcome>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const queued = [...this.shared.splice(0), ...this.localPinned.splice(0)];
    const unanswered = [...queued, ...this.slots.flatMap((slot) => [...slot.running.map((sent) => sent.task), ...slot.pinned])];
    for (const task of unanswered) task.reject(new Error('the analysis pool was closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private submit(request: JobRequest, affinity: string | undefined): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    return new Promise((resolve, reject) => {
      this.enqueue({ request, affinity, resolve, reject });
      this.dispatch();
    });
  }

  private enqueue(task: Task, first = false): void {
    const thread = task.affinity === undefined ? undefined : this.threadFor(task.affinity);
    const queue = thread === undefined ? this.shared : thread === 'local' ? this.localPinned : thread.pinned;
    if (first) queue.unshift(task);
    else queue.push(task);
  }

  /** The thread an affinity's jobs run in. */
  private threadFor(affinity: string): Slot | 'local' {
    const assigned = this.affinities.get(affinity);
    if (assigned) return assigned;
    const thread = this.takesAffinityLocally() ? 'local' : ((this.slots.length < this.maxWorkers ? this.spawn() : this.leastPinned()) ?? 'local');
    this.affinities.set(affinity, thread);
    return thread;
  }

  /** One affinity at most, since the calling thread must stay free to hand out jobs. */
  private takesAffinityLocally(): boolean {
    if (this.maxWorkers === 0) return true;
    return this.options.helpWhileWorkersStart && !this.workersWanted && ![...this.affinities.values()].includes('local');
  }

  private leastPinned(): Slot | undefined {
    const groups = (slot: Slot) => [...this.affinities.values()].filter((assigned) => assigned === slot).length;
    return this.slots.reduce<Slot | undefined>((best, slot) => (!best || groups(slot) < groups(best) ? slot : best), undefined);
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      while (slot.ready && slot.running.length < JOBS_IN_FLIGHT) {
        const task = slot.pinned.shift() ?? this.shared.shift();
        if (!task) break;
        const id = this.nextId++;
        slot.running.push({ id, task });
        slot.worker.postMessage({ type: 'job', id, request: task.request } satisfies ToWorker);
      }
    }
    this.runLocally();
    if (!this.workersWanted) return;
    // One worker per waiting job, at most: a short run needs fewer.
    let starting = this.slots.filter((slot) => !slot.ready).length;
    while (this.slots.length < this.maxWorkers && this.shared.length > starting) {
      if (!this.spawn()) break;
      starting++;
    }
  }

  private runLocally(): void {
    if (this.localBusy) return;
    const helping = this.maxWorkers === 0 || (this.options.helpWhileWorkersStart && !this.slots.some((slot) => slot.ready));
    const task = this.localPinned.shift() ?? (helping ? this.shared.shift() : undefined);
    if (!task) return;
    this.localBusy = true;
    // Later: the caller may be submitting more jobs, which should reach workers first.
    setImmediate(() => {
      const started = performance.now();
      this.localAnalyser()
        .run(task.request)
        .then(task.resolve, (error: unknown) => task.reject(error instanceof Error ? error : new Error(String(error))))
        .finally(() => {
          this.localBusy = false;
          this.timeLocalJob(performance.now() - started);
          this.dispatch();
        });
    });
  }

  private timeLocalJob(ms: number): void {
    if (this.localJobMs === 'first') {
      this.localJobMs = undefined;
      return;
    }
    // A moving average: the jobs of a run's index phase take far less than its analyses.
    this.localJobMs = this.localJobMs === undefined ? ms : this.localJobMs + (ms - this.localJobMs) / 4;
    this.workersWanted ||= this.shared.length * this.localJobMs > WORKER_START_MS;
  }

  private localAnalyser(): FileAnalyser {
    if (!this.local) {
      this.local = new FileAnalyser(this.options.fix);
      for (const [id, snapshot] of this.indexes) this.local.setIndex(id, snapshot);
      this.local.setTypeCheckedFiles(this.typeChecked);
    }
    return this.local;
  }

  private spawn(): Slot | undefined {
    let worker: Worker;
    try {
      worker = new Worker(this.options.workerScript ?? join(__dirname, 'worker.js'), { workerData: { fix: this.options.fix } satisfies WorkerSetup });
    } catch (error) {
      this.workerFailed(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    this.workersStarted++;
    const slot = new Slot(worker);
    this.slots.push(slot);
    for (const [id, snapshot] of this.indexes) worker.postMessage({ type: 'index', id, snapshot } satisfies ToWorker);
    worker.postMessage({ type: 'type-checked', files: this.typeChecked } satisfies ToWorker);
    worker.on('message', (message: FromWorker) => this.received(slot, message));
    worker.on('error', (error) => {
      slot.failure ??= error.message;
    });
    worker.on('exit', (code) => this.exited(slot, code));
    return slot;
  }

  private received(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
    } else {
      const index = slot.running.findIndex((sent) => sent.id === message.id);
      if (index < 0) return;
      const [{ task }] = slot.running.splice(index, 1);
      if (message.type === 'done') task.resolve(message.result);
      else task.reject(new Error(message.message));
    }
    this.dispatch();
  }

  private exited(slot: Slot, code: number): void {
    if (this.closed) return;
    this.slots.splice(this.slots.indexOf(slot), 1);
    const reason = slot.failure ?? `exit code ${code}`;
    // A worker handles jobs in the order sent: the first unanswered one was running.
    const [running, ...unstarted] = slot.running.map((sent) => sent.task);
    const orphans = [...unstarted, ...slot.pinned];
    const replacement = running ? this.spawn() : undefined;
    if (running) running.reject(new Error(`the worker thread analysing it stopped (${reason})`));
    else this.workerFailed(reason);
    for (const [affinity, assigned] of this.affinities) {
      if (assigned !== slot) continue;
      if (replacement) this.affinities.set(affinity, replacement);
      else this.affinities.delete(affinity);
    }
    for (const task of orphans.reverse()) this.enqueue(task, true);
    this.dispatch();
  }

  /** No more workers are started: the ones running, or the calling thread, do the rest. */
  private workerFailed(reason: string): void {
    this.maxWorkers = this.slots.length;
    this.options.onWorkerFailure?.(reason);
  }

  private broadcast(message: ToWorker): void {
    for (const slot of this.slots) slot.worker.postMessage(message);
  }
}
