// Messages about the run itself (not findings) go to stderr, one line each, so stdout stays
// a clean report that tools can parse.

/** Wrong arguments or settings: the command did not run. */
export class UsageError extends Error {
  /** What to do next, printed after the message. */
  readonly hint: string;

  /** `command` names the help to point at (none: the top level), unless a `hint` is given. */
  constructor(message: string, command?: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint ?? `run 'awaitwise${command ? ` ${command}` : ''} --help' for usage`;
  }
}

export function printError(message: string): void {
  process.stderr.write(`awaitwise: error: ${message}\n`);
}

function printNote(message: string): void {
  process.stderr.write(`awaitwise: note: ${message}\n`);
}

export function printUsageError(error: UsageError): void {
  printError(`${error.message} (${error.hint})`);
}

/** Something said about the run itself while it went, kept for reports that carry it (SARIF). */
export interface RunMessage {
  level: 'error' | 'note';
  text: string;
}

/** Whether the run went wrong somewhere, which leaves its result incomplete. */
export function includesError(messages: readonly RunMessage[]): boolean {
  return messages.some((message) => message.level === 'error');
}

/** Collects what went wrong during a check; any error means the result is incomplete. */
export class RunLog {
  readonly messages: RunMessage[] = [];

  get failed(): boolean {
    return includesError(this.messages);
  }

  error(message: string): void {
    this.messages.push({ level: 'error', text: message });
    printError(message);
  }

  note(message: string): void {
    this.messages.push({ level: 'note', text: message });
    printNote(message);
  }
}
