// How diagnostics reach the client: it pulls them (LSP 3.17), or the server publishes them.
// The server tells the delivery what happened; each kind decides what that means for it.
export interface DiagnosticsDelivery {
  opened(uri: string): void;
  changed(uri: string): void;
  saved(uri: string): void;
  closed(uri: string): void;
  /** Settings or project files changed: every open document may have new results. */
  refreshAll(): void;
  dispose(): void;
}
