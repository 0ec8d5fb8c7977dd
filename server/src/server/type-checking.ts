// The type checkers of the TS/JS projects open documents belong to (see
// workspace/typescript-projects.ts), fed with the editor's text. An edit to one file can change
// what another file's types say (a function made async), so after edits settle, the other open
// documents are refreshed: their results carry the project's stamp and are analysed again.
import type { FileEvent } from 'vscode-languageserver/node';
import type { ScriptTypes } from '../engine/types';
import { TypeScriptProjects, type TypeAwareMode, type TypeScriptProject } from '../workspace/typescript-projects';
import { filePathOf, type DocumentIdentity, type DocumentStore, type OpenDocument } from './documents';
import type { Log } from './log';

/** Quiet time after the last edit before other documents are refreshed. */
const SETTLE_MS = 300;

export class TypeChecking {
  private readonly projects: TypeScriptProjects;
  private settleTimer: NodeJS.Timeout | undefined;

  /** `onOthersStale`: edits settled and documents other than the edited one may have new results. */
  constructor(
    private readonly store: DocumentStore,
    private readonly log: Log,
    private readonly onOthersStale: () => void,
  ) {
    this.projects = new TypeScriptProjects({
      get: (filePath) => {
        const document = store.byFilePath(filePath);
        return document && { text: document.source.text, version: document.version };
      },
    });
  }

  /** The project that type-checks the document, or undefined when syntax alone decides. */
  locate(document: DocumentIdentity, mode: TypeAwareMode): TypeScriptProject | undefined {
    if (document.languageId === 'python' || !document.filePath) return undefined;
    try {
      return this.projects.locate(document.filePath, mode);
    } catch (error) {
      this.log.errorOnce(`types-locate:${document.filePath}`, `Cannot read the TypeScript configuration for ${document.filePath}; it is analysed without types.`, error);
      return undefined;
    }
  }

  /** The project's current program, or undefined (logged once) when TypeScript cannot build it. */
  typesOf(project: TypeScriptProject): ScriptTypes | undefined {
    try {
      return project.types();
    } catch (error) {
      this.log.errorOnce(`types-build:${project.stamp}`, 'TypeScript could not build a program; files are analysed without types.', error);
      return undefined;
    }
  }

  /** An open document's text changed (or it was opened or closed: the disk speaks again). */
  documentChanged(document: OpenDocument): void {
    if (document.languageId === 'python' || !document.filePath) return;
    this.projects.documentChanged(document.filePath);
    if (this.store.all().some((other) => other !== document && other.languageId !== 'python')) this.settle();
  }

  filesChanged(events: readonly FileEvent[]): void {
    let changed = false;
    for (const event of events) {
      const filePath = filePathOf(event.uri);
      if (!filePath || this.store.isOpenFile(filePath)) continue;
      this.projects.fileChangedOnDisk(filePath);
      changed = true;
    }
    if (changed) this.settle();
  }

  dispose(): void {
    clearTimeout(this.settleTimer);
    this.projects.dispose();
  }

  private settle(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.onOthersStale();
    }, SETTLE_MS);
  }
}
