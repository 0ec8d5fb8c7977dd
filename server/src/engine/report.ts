// Collects findings during a walk; the engine stamps rule id and severity, and takes the
// findings statement by statement so they can be cached per statement.
import type { Finding, Fix, Range, RelatedLocation, Severity } from './types';

export interface ReportOptions {
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export class FindingCollector {
  private ruleId = '';
  private severity: Severity = 'warning';
  private pending: Finding[] = [];

  /** Reports made until the next call belong to this rule. */
  setRule(ruleId: string, severity: Severity): void {
    this.ruleId = ruleId;
    this.severity = severity;
  }

  report(range: Range, message: string, options: ReportOptions): void {
    this.pending.push({
      ruleId: this.ruleId,
      range,
      message,
      severity: this.severity,
      fixes: options.fixes ?? [],
      related: options.related ?? [],
    });
  }

  /** The findings reported since the last call. */
  take(): Finding[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
