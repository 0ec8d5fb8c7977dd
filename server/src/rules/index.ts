// The catalog: every rule, registered once (through its group's list). The engine, the hover, the docs generator,
// `awaitwise rules` and the checklist all read this list.
import type { Rule, RuleMeta } from '../engine/rule';
import { pythonBlockingRules } from './groups/python-blocking';
import { pythonCancelScopeRules } from './groups/python-cancel-scopes';
import { pythonCheckpointRules } from './groups/python-checkpoints';
import { pythonCoroutineRules } from './groups/python-coroutines';
import { pythonDeadlineRules } from './groups/python-deadlines';
import { pythonExceptionGroupRules } from './groups/python-exception-groups';
import { pythonResourceRules } from './groups/python-resources';
import { pythonStartableRules } from './groups/python-startable';
import { pythonStructuredRules } from './groups/python-structured';
import { pythonTaskRules } from './groups/python-tasks';
import { pythonTimeoutRules } from './groups/python-timeouts';
import { scriptRules } from './groups/script';
import { scriptTimeoutRules } from './groups/script-timeouts';
import { suppressionRules } from './groups/suppressions';

/** Each group file lists its rules; a rule that covers several languages is listed once. */
export const catalog: readonly Rule[] = [
  ...pythonBlockingRules,
  ...pythonCoroutineRules,
  ...pythonTaskRules,
  ...pythonTimeoutRules,
  ...pythonResourceRules,
  ...pythonCancelScopeRules,
  ...pythonDeadlineRules,
  ...pythonStructuredRules,
  ...pythonStartableRules,
  ...pythonExceptionGroupRules,
  ...pythonCheckpointRules,
  ...scriptRules,
  ...scriptTimeoutRules,
  ...suppressionRules,
];

export const ruleById: ReadonlyMap<string, Rule> = new Map(catalog.map((rule) => [rule.meta.id, rule]));

export const catalogMeta: readonly RuleMeta[] = catalog.map((rule) => rule.meta);

/** Where a rule's full documentation page lives. */
export const DOCS_BASE_URL = 'https://github.com/awaitwise/awaitwise/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
