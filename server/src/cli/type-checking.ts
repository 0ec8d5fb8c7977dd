// Type information for `check`: the projects' type checkers read the disk, except for files
// whose text --fix has changed but not yet written, which they read from here.
import type { ScriptTypes } from '../engine/types';
import { TypeScriptProjects, type TypeAwareMode } from '../workspace/typescript-projects';

export class CheckTypes {
  private readonly pending = new Map<string, { text: string; version: number }>();
  private readonly projects = new TypeScriptProjects({ get: (filePath) => this.pending.get(filePath) });
  private nextVersion = 1;

  constructor(private readonly mode: TypeAwareMode) {}

  /**
   * Places every checked file in its project before any program is built: loose files join
   * one inferred project in `on` mode, which would otherwise be rebuilt once per file.
   */
  prepare(filePaths: readonly string[]): void {
    if (this.mode === 'off') return;
    for (const filePath of filePaths) this.projects.locate(filePath, this.mode);
  }

  /**
   * The program that checks `filePath` holding `text` (its disk text, or a fixed one), or
   * undefined when syntax alone decides. Throws when TypeScript cannot build the program.
   */
  typesFor(filePath: string, text: string, diskText: string): ScriptTypes | undefined {
    if (this.mode === 'off') return undefined;
    const held = this.pending.get(filePath);
    if (text === diskText ? held !== undefined : held?.text !== text) {
      if (text === diskText) this.pending.delete(filePath);
      else this.pending.set(filePath, { text, version: this.nextVersion++ });
      this.projects.documentChanged(filePath);
    }
    return this.projects.locate(filePath, this.mode)?.types();
  }

  /** The fixed text was written: the disk holds it now. */
  written(filePath: string): void {
    if (!this.pending.delete(filePath)) return;
    this.projects.fileChangedOnDisk(filePath);
  }
}
