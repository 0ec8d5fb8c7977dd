// The performance targets, each checked against the figures of its section.
import type { LatencyResult } from '../lsp/latency';
import { memoryGrowth, type SoakResult } from '../lsp/soak';
import type { EditorSectionResult } from '../sections/editor';
import type { ToolSectionResult } from '../sections/tools-section';
import { awaitwiseName } from '../tools/awaitwise';
import { ESLINT_NAME } from '../tools/eslint';
import { RUFF_NAME } from '../tools/ruff';
import type { ToolMeasurement } from '../tools/tool';
import { format } from './table';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  target: string;
  figure: string;
  status: TargetStatus;
}

function check(target: string, figure: string, met: boolean): TargetCheck {
  return { target, figure, status: met ? 'met' : 'missed' };
}

function notMeasured(target: string, why: string): TargetCheck {
  return { target, figure: why, status: 'not measured' };
}

function usable(measurement: ToolMeasurement | undefined): measurement is ToolMeasurement {
  return measurement !== undefined && measurement.error === undefined && measurement.runs.length > 0;
}

/** Per corpus: how much faster `ours` ran than `peer` (peer's wall time over ours). */
function speedups(result: ToolSectionResult, ours: (tool: string) => boolean, peer: string, target: string, minimum: number): TargetCheck[] {
  return result.corpora.map(({ name }) => {
    const rows = result.measurements.filter((m) => m.corpus === name);
    const mine = rows.find((m) => ours(m.tool));
    const theirs = rows.find((m) => m.tool === peer);
    const what = `${target} (${name})`;
    if (!usable(mine) || !usable(theirs)) return notMeasured(what, 'a tool failed');
    const ratio = theirs.wallMs / mine.wallMs;
    const figure = `${format.seconds(mine.wallMs)} s vs ${format.seconds(theirs.wallMs)} s (${format.rate(mine.megabytesPerSecond)} vs ${format.rate(theirs.megabytesPerSecond)} MB/s): ${format.ratio(ratio)}`;
    return check(what, figure, ratio >= minimum);
  });
}

export function pythonTargets(result: ToolSectionResult): TargetCheck[] {
  return speedups(result, (tool) => tool === awaitwiseName(), RUFF_NAME, 'Python CLI throughput ≥ ruff-wasm', 1);
}

export function typeScriptTargets(result: ToolSectionResult): TargetCheck[] {
  const typed = (tool: string): boolean => tool === awaitwiseName('auto') || tool === awaitwiseName('on');
  return speedups(result, typed, ESLINT_NAME, 'TS type-aware ≥ 2× faster than ESLint + typescript-eslint', 2);
}

function describe(row: LatencyResult): string {
  return `${row.language} ${format.count(row.lines)} lines ${row.mode}`;
}

function editP95(rows: LatencyResult[], language: LatencyResult['language'], mode: LatencyResult['mode'], limitMs: number): TargetCheck {
  const target = `Edit → diagnostics p95 < ${limitMs} ms, ${language} 5,000 lines, ${mode}${mode === 'type-aware' ? ' (warm)' : ''}`;
  const row = rows.find((r) => r.lines === 5000 && r.language === language && r.mode === mode && r.delivery === 'pull');
  if (!row || row.error) return notMeasured(target, row?.error ? 'failed' : 'no 5,000-line file in this run');
  return check(target, `p95 ${format.ms(row.edit.p95)} ms (p50 ${format.ms(row.edit.p50)})`, row.edit.p95 < limitMs);
}

/** The worst p95 over every file measured. */
function worstP95(rows: LatencyResult[], request: 'hover' | 'codeAction', target: string, limitMs: number): TargetCheck {
  const measured = rows.filter((row) => row[request] !== undefined);
  if (measured.length === 0) return notMeasured(target, 'no file had a finding to ask about');
  const worst = measured.reduce((a, b) => (b[request]!.p95 > a[request]!.p95 ? b : a));
  const p95 = worst[request]!.p95;
  return check(target, `worst p95 ${format.ms(p95)} ms (${describe(worst)})`, p95 < limitMs);
}

const SCAN_FILES = 2000;

export function editorTargets(result: EditorSectionResult): TargetCheck[] {
  const rows = result.latency;
  const checks = [
    editP95(rows, 'python', 'syntactic', 30),
    editP95(rows, 'typescript', 'syntactic', 30),
    editP95(rows, 'typescript', 'type-aware', 150),
    worstP95(rows, 'hover', 'Hover p95 < 10 ms', 10),
    worstP95(rows, 'codeAction', 'Code action p95 < 10 ms', 10),
  ];
  const { scan } = result;
  const scanTarget = `Workspace scan of ${format.count(SCAN_FILES)} files < 20 s`;
  const memoryTarget = 'Server memory after the scan < 400 MB';
  if (!scan.supported) {
    checks.push(notMeasured(scanTarget, 'not supported by this build'), notMeasured(memoryTarget, 'not supported by this build'));
  } else if (scan.error || scan.elapsedMs === undefined) {
    checks.push(notMeasured(scanTarget, `failed: ${scan.error}`), notMeasured(memoryTarget, 'the scan failed'));
  } else if (scan.files !== SCAN_FILES) {
    const figure = `${format.count(scan.files)} files in this run: ${format.seconds(scan.elapsedMs)} s, ${format.mb(scan.rssMb)} MB`;
    checks.push(notMeasured(scanTarget, figure), notMeasured(memoryTarget, figure));
  } else {
    const complete = scan.completedBy !== 'timeout';
    checks.push(
      check(scanTarget, complete ? `${format.seconds(scan.elapsedMs)} s` : `incomplete after ${format.seconds(scan.elapsedMs)} s (${scan.reports} files reported)`, complete && scan.elapsedMs < 20_000),
      check(memoryTarget, `${format.mb(scan.rssMb)} MB resident (peak ${format.mb(scan.peakRssMb)} MB)`, scan.rssMb! < 400),
    );
  }
  return checks;
}

/** How much the server's memory may grow over the soak test's edits, after the warm-up. */
const SOAK_GROWTH_PERCENT = 10;

export function soakTargets(result: SoakResult): TargetCheck[] {
  const edits = `${format.count(result.edits - result.warmUpEdits)} edits after ${format.count(result.warmUpEdits)} of warm-up`;
  const heapTarget = `Server heap flat within ${SOAK_GROWTH_PERCENT}% over ${edits}`;
  const rssTarget = `Server RSS flat within ${SOAK_GROWTH_PERCENT}% over ${edits}`;
  const checksTarget = 'Findings follow the typing (each typed statement reported, then gone)';
  const growth = memoryGrowth(result);
  if (result.error || !growth) {
    const why = result.error ? `failed: ${result.error}` : 'no sample after the warm-up';
    return [notMeasured(heapTarget, why), notMeasured(rssTarget, why), notMeasured(checksTarget, why)];
  }
  const figure = (from: number, to: number, change: number): string => `${format.mb(from)} → ${format.mb(to)} MB (${format.change(change)})`;
  return [
    check(heapTarget, figure(growth.warm.heapUsedMb, growth.end.heapUsedMb, growth.heapUsed), growth.heapUsed <= SOAK_GROWTH_PERCENT),
    check(rssTarget, figure(growth.warm.rssMb, growth.end.rssMb, growth.rss), growth.rss <= SOAK_GROWTH_PERCENT),
    check(checksTarget, `${format.count(result.checks - result.failedChecks)} of ${format.count(result.checks)} checks`, result.failedChecks === 0),
  ];
}
