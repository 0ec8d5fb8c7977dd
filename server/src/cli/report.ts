// What a check produced, independent of how it is printed; every output format reads this.
import { SEVERITIES } from '../engine/config';
import { safeFixOf } from '../engine/fixes';
import type { Finding, Severity } from '../engine/types';

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
