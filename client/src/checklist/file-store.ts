// The checklist's memory as a JSON file in the extension's storage folder for this workspace,
// written through on every change. VS Code's workspaceState reaches the disk lazily; in a
// browser-hosted workbench a reload soon after a tick could lose it, a written file cannot.
import * as vscode from 'vscode';
import type { ChecklistStore } from './memory';

const FILE_NAME = 'checklist.json';

export class JsonFileStore implements ChecklistStore {
  /** Writes run one after another, so the last change is the one on disk. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly folder: vscode.Uri,
    private data: Record<string, unknown>,
  ) {}

  /** Reads what an earlier session stored; a missing or unreadable file starts empty. */
  static async open(folder: vscode.Uri): Promise<JsonFileStore> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, FILE_NAME));
      const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
      return new JsonFileStore(folder, parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
    } catch {
      return new JsonFileStore(folder, {});
    }
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  update(key: string, value: unknown): Thenable<void> {
    this.data = { ...this.data, [key]: value };
    const snapshot = JSON.stringify(this.data, null, 2);
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await vscode.workspace.fs.createDirectory(this.folder);
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder, FILE_NAME), new TextEncoder().encode(snapshot));
      });
    return this.writing;
  }
}
