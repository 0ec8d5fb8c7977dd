// A tool under measurement, and the rounds that run every tool of a section over a corpus.
import type { Corpus } from '../corpus/files';
import { median } from '../stats';
import { runMeasured, type Invocation } from './process';

export interface Tool {
  /** Row label. */
  name: string;
  /** What a reader needs to reproduce the row: version, flags, rules. */
  settings: Record<string, unknown>;
  /** Writes whatever configuration the tool needs for this corpus and says how to run it. */
  prepare(corpus: Corpus): Invocation;
  /** The number of findings in the tool's output, and anything odd it reports. */
  parse(stdout: string, corpus: Corpus): { findings: number; note?: string };
}

export interface ToolMeasurement {
  tool: string;
  corpus: string;
  files: number;
  megabytes: number;
  /** Median over the runs. */
  wallMs: number;
  peakRssMb: number;
  filesPerSecond: number;
  megabytesPerSecond: number;
  findings: number;
  runs: { wallMs: number; peakRssMb: number }[];
  note?: string;
  error?: string;
}

interface ToolState {
  tool: Tool;
  invocation: Invocation;
  runs: ToolMeasurement['runs'];
  findings: number;
  note?: string;
  error?: string;
}

function summarise(corpus: Corpus, { tool, runs, findings, note, error }: ToolState): ToolMeasurement {
  const wallMs = median(runs.map((run) => run.wallMs));
  const megabytes = corpus.bytes / 1e6;
  return {
    tool: tool.name,
    corpus: corpus.name,
    files: corpus.files.length,
    megabytes,
    wallMs,
    peakRssMb: median(runs.map((run) => run.peakRssMb)),
    filesPerSecond: corpus.files.length / (wallMs / 1000),
    megabytesPerSecond: megabytes / (wallMs / 1000),
    findings,
    runs,
    ...(note === undefined ? {} : { note }),
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * Runs each tool `runs` times over the corpus, one process per run. Rounds are interleaved (every
 * tool once, then again) so that a noisy neighbour on the machine hurts all tools alike.
 */
export async function measureTools(corpus: Corpus, tools: readonly Tool[], runs: number, progress: (line: string) => void): Promise<ToolMeasurement[]> {
  const state: ToolState[] = tools.map((tool) => ({ tool, invocation: tool.prepare(corpus), runs: [], findings: Number.NaN }));
  for (let round = 1; round <= runs; round++) {
    for (const entry of state) {
      if (entry.error !== undefined) continue;
      try {
        const sample = await runMeasured(entry.invocation);
        entry.runs.push({ wallMs: sample.wallMs, peakRssMb: sample.peakRssMb });
        const parsed = entry.tool.parse(sample.stdout, corpus);
        entry.findings = parsed.findings;
        entry.note = parsed.note;
        progress(`${corpus.name} · ${entry.tool.name} · run ${round}/${runs}: ${(sample.wallMs / 1000).toFixed(1)} s, ${sample.peakRssMb.toFixed(0)} MB`);
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        progress(`${corpus.name} · ${entry.tool.name} failed: ${entry.error}`);
      }
    }
  }
  return state.map((entry) => summarise(corpus, entry));
}
