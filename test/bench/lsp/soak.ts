// The soak test: many documents open at once, thousands of typing edits spread over them, the
// diagnostics pulled after each edit (as VS Code does for the editor typed in), and the server's
// memory sampled after a full garbage collection, from the end of a warm-up to the end. A server
// that keeps something per edit (results, trees, log lines) grows with the edits; one that keeps
// something per document stays flat.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkspaceDiagnosticRequest, type Diagnostic } from 'vscode-languageserver/node';
import { distribution, type Distribution } from '../stats';
import { BenchClient, PULL_CAPABILITIES } from './client';
import { HeapProbe, type MemoryFigures } from './heap-probe';
import { pull } from './latency';
import { TypingScript, type SoakLanguage, type TypingStep } from './soak-typing';

export interface SoakDocument {
  uri: string;
  language: SoakLanguage;
  text: string;
}

export interface MemorySample extends MemoryFigures {
  /** Edits made when the sample was taken. */
  edits: number;
}

export interface SoakResult {
  documents: number;
  lines: number;
  edits: number;
  /** Edits before the first sample that growth is measured from. */
  warmUpEdits: number;
  /** Typing time: from the first edit to the last diagnostics, samples left out. */
  elapsedMs: number;
  editsPerSecond: number;
  /** From each didChange to the diagnostics of that version. */
  latency: Distribution;
  /** After opening, at the end of the warm-up, then every tenth of the edits. */
  samples: MemorySample[];
  /** The server's peak resident memory over the run. */
  peakRssMb: number;
  /** Cycles checked: the typed statement was reported once complete, and the findings were back to the start's once it was removed. */
  checks: number;
  /** Checks that failed, with the first few described. */
  failedChecks: number;
  failures: string[];
  error?: string;
}

/** The warm-up: compiled code, full caches, every document analysed a few times. */
const WARM_UP_SHARE = 0.1;
const SAMPLES = 10;
const FAILURES_KEPT = 5;

function codesOf(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => String(diagnostic.code))
    .sort()
    .join(',');
}

interface OpenDocument extends SoakDocument {
  version: number;
  script: TypingScript;
  /** The finding codes of the original text. */
  baseline: string;
  cycles: number;
  /** The current cycle's remaining steps. */
  steps: Iterator<TypingStep> | undefined;
}

/** Next edit: the documents take turns, one whole cycle each, as a user moves between files. */
class Typist {
  private turn = 0;

  constructor(private readonly documents: OpenDocument[]) {}

  next(): { document: OpenDocument; step: TypingStep } {
    for (;;) {
      const document = this.documents[this.turn % this.documents.length];
      document.steps ??= document.script.cycle(document.cycles);
      const step = document.steps.next();
      if (!step.done) return { document, step: step.value };
      document.steps = undefined;
      document.cycles++;
      this.turn++;
    }
  }
}

export async function measureSoak(root: string, documents: readonly SoakDocument[], edits: number, progress: (line: string) => void): Promise<SoakResult> {
  const probe = new HeapProbe(join(root, 'server-memory.json'));
  const client = await BenchClient.start({ capabilities: PULL_CAPABILITIES, settings: {}, workspaceFolder: root, ...probe.startOptions() });
  const warmUpEdits = Math.round(edits * WARM_UP_SHARE);
  const lines = documents.reduce((sum, document) => sum + document.text.split('\n').length, 0);
  const base = { documents: documents.length, lines, edits, warmUpEdits };
  const samples: MemorySample[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  let checks = 0;
  let failedChecks = 0;
  const check = (ok: boolean, what: () => string): void => {
    checks++;
    if (ok) return;
    failedChecks++;
    if (failures.length < FAILURES_KEPT) failures.push(what());
  };
  try {
    await client.initialized();
    for (const document of documents) {
      await client.open(document.uri, document.language, document.text);
      await pull(client, document.uri);
    }
    // Answered once the first background pass is done, which waits for the cross-file index:
    // findings that depend on other files are in the baselines pulled after it.
    const identifier = client.initializeResult.capabilities.diagnosticProvider?.identifier;
    await client.request(WorkspaceDiagnosticRequest.method, { identifier, previousResultIds: [] });
    const open: OpenDocument[] = [];
    for (const document of documents) {
      const baseline = codesOf(await pull(client, document.uri));
      open.push({ ...document, version: 1, script: new TypingScript(document.text, document.language), baseline, cycles: 0, steps: undefined });
    }
    samples.push({ edits: 0, ...(await probe.sample(client)) });

    const typist = new Typist(open);
    const sampleEvery = Math.max(1, Math.round(edits / SAMPLES));
    let elapsedMs = 0;
    let started = performance.now();
    for (let done = 1; done <= edits; done++) {
      const { document, step } = typist.next();
      const sent = performance.now();
      await client.change(document.uri, ++document.version, [step.change]);
      const diagnostics = await pull(client, document.uri);
      latencies.push(performance.now() - sent);
      if (step.completes) {
        const { ruleId, line } = step.completes;
        check(
          diagnostics.some((diagnostic) => diagnostic.code === ruleId && diagnostic.range.start.line === line),
          () => `${document.uri} v${document.version}: no ${ruleId} on line ${line + 1} once typed`,
        );
      }
      if (step.restores) {
        check(codesOf(diagnostics) === document.baseline, () => `${document.uri} v${document.version}: [${codesOf(diagnostics)}] where the original text had [${document.baseline}]`);
      }
      if (done === warmUpEdits || done % sampleEvery === 0 || done === edits) {
        elapsedMs += performance.now() - started;
        samples.push({ edits: done, ...(await probe.sample(client)) });
        progress(`soak · ${done.toLocaleString('en-US')} of ${edits.toLocaleString('en-US')} edits, heap ${samples.at(-1)!.heapUsedMb.toFixed(1)} MB`);
        started = performance.now();
      }
    }
    const { peakRssMb } = client.memory();
    return { ...base, elapsedMs, editsPerSecond: edits / (elapsedMs / 1000), latency: distribution(latencies), samples, peakRssMb, checks, failedChecks, failures };
  } catch (error) {
    const nothing = distribution([]);
    const reason = error instanceof Error ? error.message : String(error);
    return { ...base, elapsedMs: Number.NaN, editsPerSecond: Number.NaN, latency: nothing, samples, peakRssMb: Number.NaN, checks, failedChecks, failures, error: reason };
  } finally {
    await client.stop();
  }
}

/** Growth in percent from the warm-up's sample to the last; undefined unless the run got past the warm-up. */
export function memoryGrowth(result: SoakResult): { warm: MemorySample; end: MemorySample; rss: number; heapUsed: number } | undefined {
  const warm = result.samples.find((sample) => sample.edits === result.warmUpEdits);
  const end = result.samples.at(-1);
  if (!warm || !end || end === warm) return undefined;
  const growth = (from: number, to: number): number => ((to - from) / from) * 100;
  return { warm, end, rss: growth(warm.rssMb, end.rssMb), heapUsed: growth(warm.heapUsedMb, end.heapUsedMb) };
}
