// The client's workspace folders, which anchor `awaitwise.exclude` globs and the cross-file
// index of each folder.
import { dirname } from 'node:path';
import type { WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { relativeInside } from '../workspace/paths';
import { filePathOf } from './documents';

export interface FolderLocation {
  readonly uri: string;
  readonly path: string;
}

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

  get all(): FolderLocation[] {
    return [...this.folders].map(([uri, path]) => ({ uri, path }));
  }

  /** The innermost folder holding the file, if any. */
  folderFor(filePath: string): FolderLocation | undefined {
    let best: FolderLocation | undefined;
    for (const [uri, path] of this.folders) {
      if (relativeInside(path, filePath) !== undefined && (best === undefined || path.length > best.path.length)) best = { uri, path };
    }
    return best;
  }

  /** The innermost folder holding the file, else the file's own folder. */
  rootFor(filePath: string): string {
    return this.folderFor(filePath)?.path ?? dirname(filePath);
  }

  /** Paths of the other folders inside this one, sorted. */
  nestedIn(folderPath: string): string[] {
    return this.paths.filter((path) => relativeInside(folderPath, path) !== undefined).sort();
  }
}
