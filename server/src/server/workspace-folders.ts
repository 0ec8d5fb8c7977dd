// The client's workspace folders, which anchor `awaitwise.exclude` globs.
import { dirname, isAbsolute, relative } from 'node:path';
import type { WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { filePathOf } from './documents';

export class WorkspaceFolders {
  /** Folder path by folder URI. */
  private readonly folders = new Map<string, string>();

  add(folders: readonly WorkspaceFolder[]): void {
    for (const folder of folders) {
      const path = filePathOf(folder.uri);
      if (path) this.folders.set(folder.uri, path);
    }
  }

  apply(event: WorkspaceFoldersChangeEvent): void {
    for (const folder of event.removed) this.folders.delete(folder.uri);
    this.add(event.added);
  }

  get paths(): string[] {
    return [...this.folders.values()];
  }

  /** The innermost folder holding the file, else the file's own folder. */
  rootFor(filePath: string): string {
    let best: string | undefined;
    for (const root of this.folders.values()) {
      const path = relative(root, filePath);
      const inside = path !== '' && !path.startsWith('..') && !isAbsolute(path);
      if (inside && (best === undefined || root.length > best.length)) best = root;
    }
    return best ?? dirname(filePath);
  }
}
