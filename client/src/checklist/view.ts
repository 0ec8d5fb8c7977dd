// The checklist view: asks the server for the checklist of the current scope while the view is
// visible, again (debounced) whenever findings may have changed, and keeps the context keys the
// manifest's menus and welcome content read.
import * as vscode from 'vscode';
import {
  CHECKLIST_CHANGED_NOTIFICATION,
  CHECKLIST_REQUEST,
  type ChecklistParams,
  type ChecklistResponse,
  type ChecklistScope,
} from '../../../server/src/checklist/protocol';
import { isSupportedLanguage, languageForPath } from '../../../server/src/engine/languages';
import { CHECKLIST_VIEW_ID, CONTEXT_KEYS, type ChecklistViewState } from '../contract';
import { isStarting, ServerNotRunningError, type ServerController } from '../server-controller';
import { partialMessage, scopeDescription } from './describe';
import type { ChecklistMemory } from './memory';
import { ChecklistTreeProvider, type ChecklistNode } from './tree';

const REFRESH_DELAY_MS = 300;
/** The schemes the language client sends to the server. */
const ANALYZED_SCHEMES = new Set(['file', 'untitled']);

/** An answer and what it was asked for. */
export interface ChecklistSnapshot {
  response: ChecklistResponse;
  /** The file of `file` scope, for headings. */
  fileName: string | undefined;
}

/** Why no checklist can be asked for: the view state to show instead. */
class NoChecklist extends Error {
  constructor(readonly state: ChecklistViewState) {
    super(`No checklist: ${state}`);
  }
}

function analyzedDocument(editor: vscode.TextEditor | undefined): vscode.Uri | undefined {
  const document = editor?.document;
  if (!document || !ANALYZED_SCHEMES.has(document.uri.scheme) || !isSupportedLanguage(document.languageId)) return undefined;
  return document.uri;
}

function fileNameOf(uri: vscode.Uri | undefined): string | undefined {
  if (!uri) return undefined;
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.path;
}

export class ChecklistView implements vscode.Disposable {
  private readonly tree = new ChecklistTreeProvider();
  private readonly view: vscode.TreeView<ChecklistNode>;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The document of `file` scope: the active editor's, or the last supported one. */
  private fileUri: vscode.Uri | undefined = analyzedDocument(vscode.window.activeTextEditor);
  private state: ChecklistViewState | undefined;
  private shown: ChecklistSnapshot | undefined;
  /** Something changed while the view was hidden: ask again when it shows. */
  private stale = true;
  private timer: NodeJS.Timeout | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  /** The last error written to the output, so a failing server is not logged on every change. */
  private lastError: string | undefined;

  constructor(
    private readonly server: ServerController,
    private readonly memory: ChecklistMemory,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView(CHECKLIST_VIEW_ID, {
      treeDataProvider: this.tree,
      showCollapseAll: true,
      manageCheckboxStateManually: true,
    });
    this.subscriptions.push(
      this.tree,
      this.view,
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) this.refresh();
      }),
      this.view.onDidChangeCheckboxState((event) => void this.onCheckboxes(event)),
      server.onDidChangeState(() => this.refresh()),
      server.onNotification(CHECKLIST_CHANGED_NOTIFICATION, () => this.refreshSoon()),
      vscode.languages.onDidChangeDiagnostics((event) => this.onDiagnostics(event)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followEditor(editor)),
      // A document whose language is set after it opened (an untitled file saved as .py).
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document === vscode.window.activeTextEditor?.document) this.followEditor(vscode.window.activeTextEditor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.fileUri?.toString() !== document.uri.toString()) return;
        this.fileUri = analyzedDocument(vscode.window.activeTextEditor);
        if (this.scope === 'file') this.refresh();
      }),
    );
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.checklistScope, this.scope);
    this.setState('loading');
    this.refresh();
  }

  get scope(): ChecklistScope {
    return this.memory.scope;
  }

  async setScope(scope: ChecklistScope): Promise<void> {
    await this.memory.setScope(scope);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.checklistScope, scope);
    // The other scope's answer must not stay on screen while this one's is on its way.
    this.clear('loading');
    this.refresh();
  }

  async focus(): Promise<void> {
    await vscode.commands.executeCommand(`${CHECKLIST_VIEW_ID}.focus`);
  }

  /** Shows the new ticks; the memory has them already. */
  tickedChanged(): void {
    this.tree.setTicked(this.memory.ticked);
  }

  /**
   * The checklist for copying or exporting: what the view shows when it is current, otherwise
   * a fresh answer. Undefined when there is none; the user has been told why.
   */
  async snapshot(): Promise<ChecklistSnapshot | undefined> {
    if (this.shown && !this.stale && this.timer === undefined && this.pending === undefined) return this.shown;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Awaitwise: building the checklist' },
        (_progress, token) => this.request(token),
      );
    } catch (error) {
      void vscode.window.showWarningMessage(`Awaitwise: ${this.explain(error)}`);
      return undefined;
    }
  }

  /** Asks again at once (when visible). */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    void this.load();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.pending?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private refreshSoon(): void {
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private followEditor(editor: vscode.TextEditor | undefined): void {
    const uri = analyzedDocument(editor);
    // Anything else (output, settings, an unsupported file) keeps the last file in view.
    if (!uri || uri.toString() === this.fileUri?.toString()) return;
    this.fileUri = uri;
    if (this.scope === 'file') this.refreshSoon();
  }

  private onDiagnostics(event: vscode.DiagnosticChangeEvent): void {
    const relevant =
      this.scope === 'file'
        ? event.uris.some((uri) => uri.toString() === this.fileUri?.toString())
        : event.uris.some((uri) => ANALYZED_SCHEMES.has(uri.scheme) && languageForPath(uri.path) !== undefined);
    if (relevant) this.refreshSoon();
  }

  private async onCheckboxes(event: vscode.TreeCheckboxChangeEvent<ChecklistNode>): Promise<void> {
    const changes = event.items.flatMap(([node, state]): [string, boolean][] =>
      node.kind === 'item' ? [[node.item.id, state === vscode.TreeItemCheckboxState.Checked]] : [],
    );
    if (await this.memory.setTicked(changes)) this.tickedChanged();
  }

  private paramsFor(scope: ChecklistScope): ChecklistParams {
    if (scope === 'workspace') return { scope };
    if (!this.fileUri) throw new NoChecklist('noFile');
    return { scope, uri: this.fileUri.toString() };
  }

  private async request(token: vscode.CancellationToken): Promise<ChecklistSnapshot> {
    if (isStarting(this.server.state)) throw new NoChecklist('starting');
    const params = this.paramsFor(this.scope);
    const fileName = params.scope === 'file' ? fileNameOf(this.fileUri) : undefined;
    const response = await this.server.sendRequest<ChecklistResponse | null>(CHECKLIST_REQUEST, params, token);
    // The client answers a request cut short by a shutdown with null.
    if (!response) throw new ServerNotRunningError();
    return { response, fileName };
  }

  private async load(): Promise<void> {
    this.pending?.cancel();
    this.pending?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    if (!this.shown) this.setState('loading');
    // A file's checklist comes back in moments, after every pause in typing: a progress bar
    // each time would only flicker. The workspace's, or a first answer, can take a while.
    const progress = this.scope === 'workspace' || !this.shown;
    try {
      const answer = this.request(source.token);
      const snapshot = await (progress ? vscode.window.withProgress({ location: { viewId: CHECKLIST_VIEW_ID } }, () => answer) : answer);
      if (source.token.isCancellationRequested) return;
      this.lastError = undefined;
      this.display(snapshot);
    } catch (error) {
      if (source.token.isCancellationRequested) return;
      if (error instanceof NoChecklist) this.clear(error.state);
      else if (error instanceof ServerNotRunningError) this.clear(isStarting(this.server.state) ? 'starting' : 'stopped');
      else {
        const message = this.explain(error);
        if (message !== this.lastError) this.output.error(`Could not get the checklist: ${message}`);
        this.lastError = message;
        this.clear('error');
      }
    } finally {
      if (this.pending === source) this.pending = undefined;
      source.dispose();
    }
  }

  private display(snapshot: ChecklistSnapshot): void {
    const { response } = snapshot;
    this.view.description = scopeDescription(response, snapshot.fileName);
    if (response.sections.every((section) => section.items.length === 0)) {
      this.clear('empty');
      return;
    }
    this.shown = snapshot;
    this.tree.show(response, this.memory.ticked);
    this.view.message = partialMessage(response);
    this.setState('ready');
  }

  /** Empties the tree so the welcome content for `state` shows. */
  private clear(state: ChecklistViewState): void {
    this.shown = undefined;
    this.tree.show(undefined, this.memory.ticked);
    // A message would hide the welcome content.
    this.view.message = undefined;
    if (state !== 'empty') this.view.description = this.scope === 'file' ? 'Current file' : 'Workspace';
    this.setState(state);
  }

  private setState(state: ChecklistViewState): void {
    if (state === this.state) return;
    this.state = state;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.checklistState, state);
  }

  private explain(error: unknown): string {
    if (error instanceof NoChecklist) {
      switch (error.state) {
        case 'noFile':
          return 'open a Python, TypeScript or JavaScript file first, or show the checklist for the workspace.';
        case 'starting':
          return 'the language server is still starting; try again in a moment.';
        default:
          return 'there is no checklist to show.';
      }
    }
    if (error instanceof ServerNotRunningError) return 'the language server is not running.';
    return error instanceof Error ? error.message : String(error);
  }
}
