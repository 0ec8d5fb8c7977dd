// The terminal report of each section: corpora, a table of figures, then the targets.
import { WARM_UP_EDITS } from '../lsp/latency';
import { memoryGrowth, type SoakResult } from '../lsp/soak';
import type { EditorSectionResult } from '../sections/editor';
import type { ToolSectionResult } from '../sections/tools-section';
import { format, table } from './table';
import type { TargetCheck } from './targets';

const MARK: Record<TargetCheck['status'], string> = { met: '✓ met   ', missed: '✗ missed', 'not measured': '· n/a   ' };

export function targetsText(checks: readonly TargetCheck[]): string {
  return ['Targets:', ...checks.map((c) => `  ${MARK[c.status]}  ${c.target}: ${c.figure}`)].join('\n');
}

/** A table of tool runs; the last column compares each row's wall time with `peer`'s on the same corpus. */
export function toolSectionText(result: ToolSectionResult, peer: string, peerLabel: string): string {
  const corpora = result.corpora.map((c) => {
    const python = c.details?.python ? ` (Python ${String(c.details.python)})` : '';
    return `  ${c.name}: ${format.count(c.files)} files, ${format.mb(c.megabytes)} MB${python}`;
  });
  const rows = result.measurements.map((m) => {
    const peerRow = result.measurements.find((other) => other.corpus === m.corpus && other.tool === peer);
    const failed = m.error !== undefined;
    return [
      m.corpus,
      m.tool,
      format.count(m.files),
      format.mb(m.megabytes),
      failed ? '–' : format.seconds(m.wallMs),
      failed ? '–' : format.rate(m.filesPerSecond),
      failed ? '–' : format.rate(m.megabytesPerSecond),
      failed ? '–' : format.mb(m.peakRssMb),
      failed ? '–' : format.count(m.findings),
      failed || !peerRow || peerRow.error ? '–' : format.ratio(peerRow.wallMs / m.wallMs),
    ];
  });
  const notes = result.measurements.filter((m) => m.error ?? m.note).map((m) => `  ${m.tool} (${m.corpus}): ${m.error ? `failed: ${m.error}` : m.note}`);
  // The CLI's flags depend on what this build offers (--no-cache, --isolated): say which were used.
  const commands = Object.entries(result.tools)
    .filter(([, settings]) => Array.isArray(settings.flags))
    .map(([, settings]) => `  awaitwise ${(settings.flags as string[]).join(' ')} FILE... (--jobs: ${String(settings.jobsOption)})`);
  return [
    'Corpora:',
    ...corpora,
    ...result.skipped.map((reason) => `  skipped: ${reason}`),
    'Commands:',
    ...commands,
    '',
    table(['corpus', 'tool', 'files', 'MB', 'wall s', 'files/s', 'MB/s', 'peak RSS MB', 'findings', `speed vs ${peerLabel}`], rows),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes] : []),
    '',
    'wall s and peak RSS: median of the runs, each in its own process. speed vs: the peer\'s wall time over the row\'s (above 1× is faster).',
  ].join('\n');
}

export function editorText(result: EditorSectionResult, budgetMs: number): string {
  const rows = result.latency.map((r) => [
    `${r.language} ${format.count(r.lines)}`,
    r.mode,
    r.delivery,
    format.ms(r.firstAnalysisMs),
    format.count(r.edit.samples),
    format.ms(r.edit.p50),
    format.ms(r.edit.p95),
    format.ms(r.hover?.p50),
    format.ms(r.hover?.p95),
    format.ms(r.codeAction?.p50),
    format.ms(r.codeAction?.p95),
    format.count(r.findings),
  ]);
  const failures = result.latency.filter((r) => r.error).map((r) => `  ${r.language} ${r.lines} ${r.mode} ${r.delivery}: ${r.error}`);
  const { scan } = result;
  const scanText = !scan.supported
    ? `Workspace scan (${format.count(scan.files)} files, awaitwise.scope "workspace"): not supported by this build`
    : scan.error
      ? `Workspace scan (${format.count(scan.files)} files): failed: ${scan.error}`
      : table(
          ['workspace files', 'file reports', 'initialized → complete s', 'completed by', 'server RSS MB', 'peak RSS MB', 'findings'],
          [[format.count(scan.files), format.count(scan.reports), format.seconds(scan.elapsedMs), scan.completedBy ?? '–', format.mb(scan.rssMb), format.mb(scan.peakRssMb), format.count(scan.findings)]],
        );
  return [
    table(['file (lines)', 'mode', 'delivery', 'open → diagnostics ms', 'edits', 'edit p50', 'edit p95', 'hover p50', 'hover p95', 'action p50', 'action p95', 'findings'], rows),
    ...(failures.length > 0 ? ['', 'Failed:', ...failures] : []),
    '',
    `Edit times in ms from didChange to the diagnostics of that version, after ${WARM_UP_EDITS} unmeasured edits; a case stops early after`,
    `${format.seconds(budgetMs)} s (edits column). open → diagnostics: in a fresh server (type-aware: includes building the program).`,
    'pull: textDocument/diagnostic sent right after the change; push: published after the server\'s pause for typing (150 ms, by design).',
    'Hover and code action: on the first finding, as many times as edits.',
    '',
    scanText,
  ].join('\n');
}

export function soakText(result: SoakResult): string {
  const summary = table(
    ['documents', 'lines', 'edits', 'typing s', 'edits/s', 'edit p50', 'edit p95', 'edit max', 'checks', 'failed', 'peak RSS MB'],
    [
      [
        format.count(result.documents),
        format.count(result.lines),
        format.count(result.edits),
        format.seconds(result.elapsedMs),
        format.rate(result.editsPerSecond),
        format.ms(result.latency.p50),
        format.ms(result.latency.p95),
        format.ms(result.latency.max),
        format.count(result.checks),
        format.count(result.failedChecks),
        format.mb(result.peakRssMb),
      ],
    ],
  );
  const memory = table(
    ['after edits', 'RSS MB', 'heap used MB', 'external MB'],
    result.samples.map((sample) => [
      `${format.count(sample.edits)}${sample.edits === result.warmUpEdits ? ' (warm)' : ''}`,
      format.mb(sample.rssMb),
      format.mb(sample.heapUsedMb),
      format.mb(sample.externalMb),
    ]),
  );
  const growth = memoryGrowth(result);
  const growthText = growth
    ? `Growth from the warm-up to the end: RSS ${format.change(growth.rss)}, heap used ${format.change(growth.heapUsed)}.`
    : 'Growth: not measured (the run did not get past the warm-up).';
  return [
    summary,
    ...(result.error ? ['', `Failed: ${result.error}`] : []),
    ...(result.failures.length > 0 ? ['', 'Failed checks (first few):', ...result.failures.map((failure) => `  ${failure}`)] : []),
    '',
    memory,
    '',
    growthText,
    'Half Python, half TypeScript (syntactic), 200 to 1,000 lines, all open in one server. The documents take turns: in each,',
    'a new line below a `label = "ready"` line, a statement that is a finding typed one character at a time, then deleted',
    'the same way; one didChange per keystroke, each followed by a pull (edit times in ms until its diagnostics).',
    'checks: the typed statement is reported once complete, and the findings are the original ones once it is gone.',
    'Memory is sampled after a full garbage collection (--expose-gc); growth is measured from the sample after',
    `${format.count(result.warmUpEdits)} edits (warm-up) to the last. external: buffers and the parser's WebAssembly memory.`,
    'RSS also counts pages V8 and the allocator keep in reserve, so it wanders; heap used is the figure a leak moves.',
  ].join('\n');
}
