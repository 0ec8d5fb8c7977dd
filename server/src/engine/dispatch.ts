// Routes each visited node to the handlers of the enabled rules, isolating failures: a rule
// that throws is reported once and silenced for the rest of the run, the others go on.
import { AnalysisCancelledError, type CancellationToken, type Severity } from './types';
import type { FindingCollector } from './report';

type Handler<C> = (node: never, context: C) => void;

interface Registration<C> {
  ruleId: string;
  severity: Severity;
  handler: Handler<C>;
}

/** How many nodes are dispatched between two looks at the cancellation token. */
const CANCELLATION_STRIDE = 512;

export class Dispatcher<K, C> {
  private readonly handlers = new Map<K, Registration<C>[]>();
  readonly failedRules = new Set<string>();
  private sinceCheck = 0;

  constructor(
    private readonly collector: FindingCollector,
    private readonly token: CancellationToken | undefined,
    private readonly onRuleError: ((ruleId: string, error: unknown) => void) | undefined,
  ) {}

  register(key: K, ruleId: string, severity: Severity, handler: Handler<C>): void {
    let list = this.handlers.get(key);
    if (!list) this.handlers.set(key, (list = []));
    list.push({ ruleId, severity, handler });
  }

  /** The node kinds some enabled rule handles. */
  keys(): K[] {
    return [...this.handlers.keys()];
  }

  wants(key: K): boolean {
    return this.handlers.has(key);
  }

  dispatch(key: K, node: unknown, context: C): void {
    if (++this.sinceCheck >= CANCELLATION_STRIDE) {
      this.sinceCheck = 0;
      this.throwIfCancelled();
    }
    const list = this.handlers.get(key);
    if (!list) return;
    for (const registration of list) {
      this.run(registration.ruleId, registration.severity, () => registration.handler(node as never, context));
    }
  }

  /** Runs rule code with the collector pointed at the rule, containing its failures. */
  run(ruleId: string, severity: Severity, body: () => void): void {
    if (this.failedRules.has(ruleId)) return;
    this.collector.setRule(ruleId, severity);
    try {
      body();
    } catch (error) {
      if (error instanceof AnalysisCancelledError) throw error;
      this.failedRules.add(ruleId);
      this.onRuleError?.(ruleId, error);
    }
  }

  throwIfCancelled(): void {
    if (this.token?.isCancellationRequested) throw new AnalysisCancelledError();
  }
}
