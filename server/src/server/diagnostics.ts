// Findings as LSP diagnostics. Each diagnostic carries, in `data`, what a code action needs to
// find its finding again in the cached analysis, so code actions never analyse.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/types';
import { UNUSED_SUPPRESSION_ID } from '../engine/unused-suppressions';
import { ruleDocsUrl } from '../rules/index';

export const DIAGNOSTIC_SOURCE = 'awaitwise';

export interface DiagnosticData {
  ruleId: string;
  /** The document version the finding was computed for. */
  version: number;
  /** The analysis the finding belongs to; `index` points into its findings. */
  resultId: string;
  index: number;
  fixes: { title: string; safe: boolean }[];
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, data: DiagnosticData): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  // Editors fade text that does nothing, such as a suppression comment that silences nothing.
  if (finding.ruleId === UNUSED_SUPPRESSION_ID) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({ location: { uri, range: related.range }, message: related.message }));
  }
  return diagnostic;
}

/** Why a file due for analysis has no findings to show (its analysis was stopped, say). */
export interface AnalysisNotice {
  readonly code: string;
  readonly message: string;
  /** The documentation that explains it, shown as the code's link. */
  readonly href?: string;
}

/** A notice as an information diagnostic on the file's first character: it stands for no finding. */
export function noticeDiagnostic(notice: AnalysisNotice): Diagnostic {
  const start = { line: 0, character: 0 };
  const diagnostic: Diagnostic = { range: { start, end: start }, severity: DiagnosticSeverity.Information, code: notice.code, source: DIAGNOSTIC_SOURCE, message: notice.message };
  if (notice.href !== undefined) diagnostic.codeDescription = { href: notice.href };
  return diagnostic;
}

/** The data of one of our diagnostics as the client sent it back, if it is intact. */
export function diagnosticDataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.ruleId !== 'string' ||
    typeof data.version !== 'number' ||
    typeof data.resultId !== 'string' ||
    typeof data.index !== 'number' ||
    !Array.isArray(data.fixes)
  ) {
    return undefined;
  }
  return data as DiagnosticData;
}
