// Messages for the client's output channel (window/logMessage). Problems that would repeat on
// every keystroke (a failing rule, an unknown rule name) are reported once per key.
import type { RemoteConsole } from 'vscode-languageserver/node';

export class Log {
  private readonly reported = new Set<string>();

  constructor(private readonly console: RemoteConsole) {}

  info(message: string): void {
    this.console.info(message);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.console.error(error === undefined ? message : `${message}\n${describeError(error)}`);
  }

  /** Logs a warning the first time `key` is seen. */
  warnOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.warn(message);
  }

  /** Logs an error the first time `key` is seen. */
  errorOnce(key: string, message: string, error?: unknown): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.error(message, error);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
