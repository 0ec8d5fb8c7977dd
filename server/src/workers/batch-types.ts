// Type information for a batch of files read from disk: the projects' type checkers read the
// disk, except for files whose text fixing has changed, which they read from here (the fixed
// text is what the disk holds once it is written).
import type { ScriptTypes } from '../engine/types';
import { TypeScriptProjects } from '../workspace/typescript-projects';
import type { TypeCheckedFile } from './jobs';

export class BatchTypes {
  private readonly fixed = new Map<string, { text: string; version: number }>();
  private readonly projects = new TypeScriptProjects({ get: (filePath) => this.fixed.get(filePath) });
  private nextVersion = 1;
  private checked = new Map<string, TypeCheckedFile>();
  private placed = false;

  /** The files a type checker checks; every other file is analysed from syntax. */
  setFiles(files: readonly TypeCheckedFile[]): void {
    this.checked = new Map(files.map((file) => [file.filePath, file]));
    this.placed = false;
  }

  /**
   * The program that checks `filePath` holding `text` (its disk text, or a fixed one), or
   * undefined when syntax alone decides. Throws when TypeScript cannot build the program.
   */
  typesFor(filePath: string, text: string, diskText: string): ScriptTypes | undefined {
    const checked = this.checked.get(filePath);
    if (!checked) return undefined;
    this.placeAll();
    const held = this.fixed.get(filePath);
    if (text === diskText ? held !== undefined : held?.text !== text) {
      if (text === diskText) this.fixed.delete(filePath);
      else this.fixed.set(filePath, { text, version: this.nextVersion++ });
      this.projects.documentChanged(filePath);
    }
    return this.projects.locate(filePath, checked.mode)?.types();
  }

  /**
   * Places every checked file in its project before the first program is built: loose files
   * join one inferred project in `on` mode, which would otherwise be rebuilt once per file.
   */
  private placeAll(): void {
    if (this.placed) return;
    this.placed = true;
    for (const file of this.checked.values()) this.projects.locate(file.filePath, file.mode);
  }
}
