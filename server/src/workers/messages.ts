// The messages between the pool and its worker threads.
import type { AnalysisJob, AnalysisOutcome, FileSummary, IndexSnapshot, SummaryJob, TypeCheckedFile } from './jobs';

/** What a worker is told when it starts, through `workerData`. */
export interface WorkerSetup {
  fix: boolean;
}

export type JobRequest = { kind: 'summarise'; job: SummaryJob } | { kind: 'analyse'; job: AnalysisJob };

export type JobResult = FileSummary | AnalysisOutcome;

export type ToWorker =
  | { type: 'index'; id: string; snapshot: IndexSnapshot }
  | { type: 'type-checked'; files: readonly TypeCheckedFile[] }
  | { type: 'job'; id: number; request: JobRequest };

export type FromWorker =
  /** Its code loaded and it listens: a crash from now on is a job's, not a broken installation's. */
  | { type: 'ready' }
  | { type: 'done'; id: number; result: JobResult }
  | { type: 'failed'; id: number; message: string };
