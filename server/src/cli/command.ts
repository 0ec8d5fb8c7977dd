// The shape every subcommand shares, so the entry point can list and dispatch them.

export interface Command {
  name: string;
  /** One line for the overall help. */
  summary: string;
  /** Resolves to the process exit code; throws `UsageError` for bad arguments. */
  run(args: string[]): Promise<number>;
}
