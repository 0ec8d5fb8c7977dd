// What a check produced, independent of how it is printed; every output format reads this.
import { SEVERITIES } from '../engine/config';
import { safeFixOf } from '../engine/fixes';
import type { Finding, Severity } from '../engine/types';
import { ruleById } from '../rules';
import { includesError, type RunMessage } from './diagnostics';

export interface FileReport {
  /** As shown to the user: relative to the working directory, forward slashes. */
  path: string;
  /** Problems left in the file (after fixing, with --fix), in document order. */
  findings: Finding[];
  /** Safe fixes written to the file by --fix. */
  fixesApplied: number;
}

export interface CheckReport {
  /** Every file that was analysed, sorted by path, including clean ones. */
  files: FileReport[];
  /** The rules enabled for at least one file, each with a severity it reports at. */
  rules: ReadonlyMap<string, Severity>;
  /** Errors and notes about the run itself; an error means some paths were not checked. */
  messages: readonly RunMessage[];
  /** `files` hold error findings only; the others were dropped before anything counted them (--quiet). */
  errorsOnly: boolean;
  /** More warnings than this fail the run (--max-warnings); without it, any finding does. */
  maxWarnings?: number;
}

export interface CheckSummary {
  filesChecked: number;
  filesWithFindings: number;
  findings: number;
  /** Findings that have a safe fix, which --fix would apply. */
  fixable: number;
  bySeverity: Record<Severity, number>;
  /** Only rules that reported something, by id in alphabetical order. */
  byRule: Record<string, number>;
  fixesApplied: number;
  fixedFiles: { path: string; fixes: number }[];
}

export function isFixable(finding: Finding): boolean {
  return safeFixOf(finding) !== undefined;
}

export function summarise(report: CheckReport): CheckSummary {
  const findings = report.files.flatMap((file) => file.findings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const ruleCounts = new Map<string, number>();
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    ruleCounts.set(finding.ruleId, (ruleCounts.get(finding.ruleId) ?? 0) + 1);
  }
  const fixedFiles = report.files.filter((file) => file.fixesApplied > 0).map((file) => ({ path: file.path, fixes: file.fixesApplied }));
  return {
    filesChecked: report.files.length,
    filesWithFindings: report.files.filter((file) => file.findings.length > 0).length,
    findings: findings.length,
    fixable: findings.filter(isFixable).length,
    bySeverity,
    byRule: Object.fromEntries([...ruleCounts].sort(([a], [b]) => a.localeCompare(b))),
    fixesApplied: fixedFiles.reduce((total, file) => total + file.fixes, 0),
    fixedFiles,
  };
}

/** Whether every path asked for was checked. */
export function isComplete(report: CheckReport): boolean {
  return !includesError(report.messages);
}

/** The files with their error findings only, for --quiet. */
export function keepErrorsOnly(files: readonly FileReport[]): FileReport[] {
  return files.map((file) => ({ ...file, findings: file.findings.filter((finding) => finding.severity === 'error') }));
}

/**
 * One line of --statistics: the findings of one rule at one severity (configuration files may
 * grade a rule differently in different folders).
 */
export interface RuleStatistics {
  rule: string;
  peerCodes: string[];
  severity: Severity;
  count: number;
  fixable: number;
}

/** Most frequent first, then by rule id. */
export function ruleStatistics(report: CheckReport): RuleStatistics[] {
  const rows = new Map<string, RuleStatistics>();
  for (const finding of report.files.flatMap((file) => file.findings)) {
    const key = `${finding.ruleId} ${finding.severity}`;
    let row = rows.get(key);
    if (!row) {
      row = { rule: finding.ruleId, peerCodes: ruleById.get(finding.ruleId)?.meta.aliases ?? [], severity: finding.severity, count: 0, fixable: 0 };
      rows.set(key, row);
    }
    row.count++;
    if (isFixable(finding)) row.fixable++;
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
