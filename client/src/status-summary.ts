// What the status bar item says for a server state and the Awaitwise diagnostics counts. Free
// of `vscode` so tests can check it.
import { crashCount, type Crash } from './restart-policy';
import type { ServerState } from './server-controller';

export interface SeverityCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export interface StatusSummary {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** Whether the item should take the status bar's error colours. */
  failed: boolean;
}

const CLICK = 'Click to open the async review checklist.';

function describeCounts(counts: SeverityCounts): string {
  const parts = (
    [
      ['error', 'errors'],
      ['warning', 'warnings'],
      ['information', 'information'],
      ['hint', 'hints'],
    ] as const
  )
    .map(([severity, pluralForm]) => ({ count: counts[severity], severity, pluralForm }))
    .filter(({ count }) => count > 0)
    .map(({ count, severity, pluralForm }) => `${count} ${count === 1 ? severity : pluralForm}`);
  return parts.join(', ');
}

/**
 * The number shown counts what the Problems panel lists: errors, warnings and information.
 * Hints only appear in the editor, so they are left to the tooltip. `crash` is the one a
 * `restarting` server is recovering from.
 */
export function summarizeStatus(state: ServerState, counts: SeverityCounts, crash?: Crash): StatusSummary {
  if (state === 'starting') {
    return { text: '$(sync~spin) Awaitwise', tooltip: `Awaitwise: the language server is starting.\n\n${CLICK}`, failed: false };
  }
  if (state === 'restarting') {
    // Its findings are gone from the Problems panel until it is back: no count to show.
    const count = crash ? ` (${crashCount(crash)})` : '';
    return {
      text: '$(sync~spin) Awaitwise: restarting',
      tooltip: `Awaitwise: the language server stopped unexpectedly and is restarting${count}. The **Awaitwise** output may tell why it stopped.\n\n${CLICK}`,
      failed: false,
    };
  }
  if (state === 'stopped') {
    return {
      text: '$(error) Awaitwise',
      tooltip: `Awaitwise: the language server is not running. Run **Awaitwise: Restart Language Server**, or see the **Awaitwise** output for why it stopped.\n\n${CLICK}`,
      failed: true,
    };
  }
  const shown = counts.error + counts.warning + counts.information;
  const details = describeCounts(counts);
  if (shown === 0) {
    const hints = details ? ` (${details})` : '';
    return { text: '$(check) Awaitwise', tooltip: `Awaitwise: no async problems in the files analyzed so far${hints}.\n\n${CLICK}`, failed: false };
  }
  return {
    text: `$(warning) Awaitwise: ${shown}`,
    tooltip: `Awaitwise found ${details} in the files analyzed so far.\n\n${CLICK}`,
    failed: false,
  };
}
