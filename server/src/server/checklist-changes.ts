// Tells the client that checklist answers may have changed (files changed on disk, settings,
// the cross-file indexes), once a burst of such events settles. Edits to open documents need
// no notice: the client follows their diagnostics.
import type { Connection } from 'vscode-languageserver/node';
import { CHECKLIST_CHANGED_NOTIFICATION } from '../checklist/protocol';

const SETTLE_MS = 250;

export class ChecklistChanges {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection) {}

  notify(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connection.sendNotification(CHECKLIST_CHANGED_NOTIFICATION);
    }, SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
