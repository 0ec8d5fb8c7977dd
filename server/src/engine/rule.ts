// What a rule module exports: its metadata and docs (read by the hover, the README table,
// `awaitwise rules` and the checklist) beside the detectors for each language it covers.
import type { PythonVisitors } from './python/context';
import type { TypeScriptVisitors } from './typescript/context';
import type { RuleLanguage, Severity } from './types';

export interface CodeExample {
  bad: string;
  good: string;
}

export interface RuleDocs {
  /** One or two sentences: what the rule finds. */
  summary: string;
  /** Why it hurts at run time: the failure a user would see. */
  why: string;
  /** How to fix it by hand. */
  fix: string;
  /** Short before/after examples per language family. */
  examples: { python?: CodeExample; typescript?: CodeExample };
  /** What the automatic fix does and when it is offered; absent when there is none. */
  fixSafety?: string;
  /** Cases the rule deliberately leaves alone, and where it differs from peers. */
  notes?: string;
}

export interface RuleMeta {
  /** kebab-case and stable: users write it in settings and suppression comments. */
  id: string;
  title: string;
  languages: RuleLanguage[];
  severity: Severity;
  enabledByDefault: boolean;
  /** Peer codes this rule covers (ASYNC251, no-floating-promises...). */
  aliases: string[];
  /** The review checklist item this rule decides; absent for rules about the tool's own comments. */
  checklist?: string;
  /** Whether the rule can offer an automatic fix. */
  fixable: boolean;
  /** Reported only in type-aware mode (a tsconfig.json/jsconfig.json governs the file). */
  requiresTypes?: boolean;
  docs: RuleDocs;
}

export interface Rule {
  meta: RuleMeta;
  python?: PythonVisitors;
  typescript?: TypeScriptVisitors;
}
