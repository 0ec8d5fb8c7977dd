// The catalog: every rule, registered once. The engine, the hover, the docs generator,
// `awaitwise rules` and the checklist all read this list.
import type { Rule, RuleMeta } from '../engine/rule';
import { asyncPromiseExecutor } from './async-promise-executor';
import { blockingFileIo } from './blocking-file-io';
import { blockingSleep } from './blocking-sleep';
import { danglingTask } from './dangling-task';
import { floatingPromise } from './floating-promise';
import { unawaitedCoroutine } from './unawaited-coroutine';

export const catalog: readonly Rule[] = [
  blockingSleep,
  blockingFileIo,
  unawaitedCoroutine,
  danglingTask,
  floatingPromise,
  asyncPromiseExecutor,
];

export const ruleById: ReadonlyMap<string, Rule> = new Map(catalog.map((rule) => [rule.meta.id, rule]));

export const catalogMeta: readonly RuleMeta[] = catalog.map((rule) => rule.meta);

/** Where a rule's full documentation page lives. */
export const DOCS_BASE_URL = 'https://github.com/awaitwise/awaitwise/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
