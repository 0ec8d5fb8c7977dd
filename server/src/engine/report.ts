// Collects one rule's findings during a walk; the engine stamps rule id and severity.
import type { Finding, Fix, Range, RelatedLocation, Severity } from './types';

export interface ReportOptions {
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export class FindingCollector {
  private ruleId = '';
  private severity: Severity = 'warning';
  private readonly byRule = new Map<string, Finding[]>();

  /** Reports made until the next call belong to this rule. */
  setRule(ruleId: string, severity: Severity): void {
    this.ruleId = ruleId;
    this.severity = severity;
  }

  report(range: Range, message: string, options: ReportOptions): void {
    let list = this.byRule.get(this.ruleId);
    if (!list) this.byRule.set(this.ruleId, (list = []));
    list.push({
      ruleId: this.ruleId,
      range,
      message,
      severity: this.severity,
      fixes: options.fixes ?? [],
      related: options.related ?? [],
    });
  }

  /** Findings of every rule except those that failed, whose partial results are unreliable. */
  findings(failedRules: ReadonlySet<string>): Finding[] {
    const all: Finding[] = [];
    for (const [ruleId, list] of this.byRule) {
      if (!failedRules.has(ruleId)) all.push(...list);
    }
    return all;
  }
}
