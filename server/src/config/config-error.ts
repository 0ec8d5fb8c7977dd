// A configuration file that cannot be used, with where the problem is: a key, or a line and
// column when the file does not even parse.

export type ConfigErrorLocation = { key: string } | { line: number; column: number };

export class ConfigError extends Error {
  constructor(
    /** Absolute path of the configuration file. */
    readonly file: string,
    /** What is wrong, without the file or the location. */
    readonly problem: string,
    readonly location?: ConfigErrorLocation,
  ) {
    super('');
    this.name = 'ConfigError';
    this.message = this.describe(file);
  }

  /** The whole message, with the file shown as `shownPath` (relative to where the user is). */
  describe(shownPath: string): string {
    if (!this.location) return `${shownPath}: ${this.problem}`;
    if ('key' in this.location) return `${shownPath}: ${this.location.key}: ${this.problem}`;
    return `${shownPath}:${this.location.line}:${this.location.column}: ${this.problem}`;
  }
}
