// What the checklist remembers per workspace across reloads: the scope it shows and the manual
// items the user ticked. Free of `vscode` (a Memento is all it needs) so tests can run it.
import { CHECKLIST_SCOPES, type ChecklistScope } from '../../../server/src/checklist/protocol';

/** The part of `vscode.Memento` used here. */
export interface ChecklistStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const TICKED_KEY = 'awaitwise.checklist.ticked';
export const SCOPE_KEY = 'awaitwise.checklist.scope';
export const DEFAULT_SCOPE: ChecklistScope = 'file';

export class ChecklistMemory {
  constructor(private readonly store: ChecklistStore) {}

  get scope(): ChecklistScope {
    const saved = this.store.get<unknown>(SCOPE_KEY);
    return (CHECKLIST_SCOPES as readonly unknown[]).includes(saved) ? (saved as ChecklistScope) : DEFAULT_SCOPE;
  }

  setScope(scope: ChecklistScope): Thenable<void> {
    return this.store.update(SCOPE_KEY, scope);
  }

  /** Ids of the manual items ticked in this workspace. */
  get ticked(): ReadonlySet<string> {
    const saved = this.store.get<unknown>(TICKED_KEY);
    return new Set(Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : []);
  }

  /** Ticks or unticks items; returns whether anything changed. */
  async setTicked(changes: Iterable<[id: string, ticked: boolean]>): Promise<boolean> {
    const ticked = new Set(this.ticked);
    let changed = false;
    for (const [id, tick] of changes) {
      if (tick === ticked.has(id)) continue;
      changed = true;
      if (tick) ticked.add(id);
      else ticked.delete(id);
    }
    if (changed) await this.store.update(TICKED_KEY, [...ticked].sort());
    return changed;
  }

  async clearTicked(): Promise<void> {
    await this.store.update(TICKED_KEY, undefined);
  }
}
