// Editor latency over LSP: open a large file, then type into its middle and time each change
// until the diagnostics of that version arrive (pulled right after the change, as VS Code does,
// or published by the server); then hover and code actions on a line with a finding.
import { performance } from 'node:perf_hooks';
import {
  CodeActionRequest,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { distribution, type Distribution } from '../stats';
import { BenchClient, PULL_CAPABILITIES, PUSH_CAPABILITIES } from './client';

export type Delivery = 'pull' | 'push';

export interface LatencyCase {
  language: 'python' | 'typescript';
  languageId: string;
  lines: number;
  mode: 'syntactic' | 'type-aware';
  delivery: Delivery;
  uri: string;
  text: string;
  workspaceFolder: string;
  settings: Record<string, unknown>;
}

export interface LatencyResult {
  language: LatencyCase['language'];
  lines: number;
  mode: LatencyCase['mode'];
  delivery: Delivery;
  /** Open until the first diagnostics (for type-aware files, includes building the program). */
  firstAnalysisMs: number;
  findings: number;
  edit: Distribution;
  hover?: Distribution;
  codeAction?: Distribution;
  error?: string;
}

/** Edits before the measured ones: the server's code is compiled and its caches are warm. */
export const WARM_UP_EDITS = 3;

/**
 * Where typing happens: the generated files assign `label = "ready"` in every service; the one
 * nearest the middle of the file is typed into.
 */
function typingLine(text: string): number {
  const lines = text.split('\n');
  let best = -1;
  lines.forEach((line, index) => {
    if (/^\s*(const )?label = ['"]ready['"]/.test(line) && (best < 0 || Math.abs(index - lines.length / 2) < Math.abs(best - lines.length / 2))) best = index;
  });
  if (best < 0) throw new Error('the generated file has no typing line');
  return best;
}

/**
 * Alternates the two edits of typing: one more character at the end of the identifier `label`
 * (it stays a valid name), and a new line above it.
 */
class Typist {
  private line: number;
  private readonly column: number;
  private count = 0;

  constructor(text: string) {
    this.line = typingLine(text);
    this.column = text.split('\n')[this.line].indexOf('label') + 'label'.length;
  }

  next(): TextDocumentContentChangeEvent {
    this.count++;
    if (this.count % 2 === 1) {
      const at = { line: this.line, character: this.column };
      return { range: { start: at, end: at }, text: 'x' };
    }
    const at = { line: this.line, character: 0 };
    this.line++;
    return { range: { start: at, end: at }, text: '\n' };
  }
}

function isServerCancelled(error: unknown): boolean {
  return error instanceof ResponseError && error.code === LSPErrorCodes.ServerCancelled;
}

/** Pulls until the server answers for the current text (it refuses while a change is pending). */
export async function pull(client: BenchClient, uri: string): Promise<Diagnostic[]> {
  for (;;) {
    try {
      const report = await client.request<DocumentDiagnosticReport>(DocumentDiagnosticRequest.method, { textDocument: { uri } });
      return report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
    } catch (error) {
      if (!isServerCancelled(error)) throw error;
    }
  }
}

const PUBLISH_TIMEOUT_MS = 60_000;

/** Resolves with the diagnostics the server publishes for one version of the document. */
function published(client: BenchClient, uri: string, version: number): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no diagnostics published for version ${version} within ${PUBLISH_TIMEOUT_MS} ms`));
    }, PUBLISH_TIMEOUT_MS);
    const subscription = client.onPublish((params) => {
      if (params.uri !== uri || params.version !== version) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(params.diagnostics);
    });
  });
}

/** Times `action` up to `count` times, stopping early once `budgetMs` is spent. */
async function timeRepeatedly(count: number, budgetMs: number, action: () => Promise<unknown>): Promise<Distribution> {
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < count && (samples.length === 0 || performance.now() < deadline)) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  return distribution(samples);
}

export async function measureLatency(spec: LatencyCase, edits: number, budgetMs: number): Promise<LatencyResult> {
  const client = await BenchClient.start({
    capabilities: spec.delivery === 'pull' ? PULL_CAPABILITIES : PUSH_CAPABILITIES,
    settings: spec.settings,
    workspaceFolder: spec.workspaceFolder,
  });
  const base = { language: spec.language, lines: spec.lines, mode: spec.mode, delivery: spec.delivery };
  try {
    await client.initialized();
    let version = 1;
    const diagnosticsAfter = async (send: () => Promise<void>): Promise<Diagnostic[]> => {
      if (spec.delivery === 'pull') {
        await send();
        return pull(client, spec.uri);
      }
      const arrival = published(client, spec.uri, version);
      await send();
      return arrival;
    };

    const opened = performance.now();
    let diagnostics = await diagnosticsAfter(() => client.open(spec.uri, spec.languageId, spec.text));
    const firstAnalysisMs = performance.now() - opened;
    const findings = diagnostics.length;

    const typist = new Typist(spec.text);
    const type = async (): Promise<void> => {
      const change = typist.next();
      version++;
      diagnostics = await diagnosticsAfter(() => client.change(spec.uri, version, [change]));
    };
    for (let i = 0; i < WARM_UP_EDITS; i++) await type();
    const result: LatencyResult = { ...base, firstAnalysisMs, findings, edit: await timeRepeatedly(edits, budgetMs, type) };
    // Hover and code actions do not depend on how diagnostics travel: measured once, with pull.
    const finding = diagnostics[0];
    if (spec.delivery === 'pull' && finding) {
      const textDocument = { uri: spec.uri };
      result.hover = await timeRepeatedly(edits, budgetMs, () => client.request(HoverRequest.method, { textDocument, position: finding.range.start }));
      result.codeAction = await timeRepeatedly(edits, budgetMs, () =>
        client.request(CodeActionRequest.method, { textDocument, range: finding.range, context: { diagnostics: [finding] } }),
      );
    }
    return result;
  } catch (error) {
    const nothing = distribution([]);
    return { ...base, firstAnalysisMs: Number.NaN, findings: 0, edit: nothing, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.stop();
  }
}
