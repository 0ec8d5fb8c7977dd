// Calls whose returned promise the user allows to be dropped. Named the way imports resolve
// (`node:test.it` for `import { it } from 'node:test'`), matched with their members
// (`it.only`, `describe.skip`).
import { normaliseModule } from './bindings';

/**
 * node:test's functions return promises that the runner itself awaits and reports; test files
 * call them as statements by design.
 */
export const DEFAULT_SAFE_CALLS: readonly string[] = ['node:test', 'node:test.it', 'node:test.test', 'node:test.describe', 'node:test.suite'];

/** The names as qualified names compare them: module schemes and aliases removed. */
export function normaliseSafeCalls(entries: readonly string[]): string[] {
  return entries.map((entry) => (entry.startsWith('node:') ? normaliseModule(entry) : entry));
}

export function isSafeCallName(name: string, safeCalls: readonly string[]): boolean {
  return safeCalls.some((entry) => name === entry || name.startsWith(`${entry}.`));
}
