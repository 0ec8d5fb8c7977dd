// Code nested deeper than the analysis can follow. The TypeScript parser is recursive: code
// nested a thousand or so levels deep (brackets, calls, arrow functions) overflows the call
// stack while it is parsed, and no part of it can be analysed. tree-sitter parses Python of any
// depth, but rules climb from nodes to their ancestors at a cost that grows with the depth, so
// a limit keeps the analysis of such a file from taking minutes. Code this deep is generated or
// hostile: such a file gets no findings, and the caller a reason it can show.

/**
 * Python code nested deeper than this, in syntax tree levels, is not analysed. Hand-written
 * code stays below a hundred; CPython itself refuses expressions nested a few thousand deep.
 */
export const MAX_PYTHON_DEPTH = 1000;

/** Thrown when a text nests deeper than the analysis follows; the message is the reason. */
export class NestingTooDeepError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NestingTooDeepError';
  }
}

/**
 * Why an error stops the analysis of the whole text, as words that complete "<file> was not
 * analysed: ", or undefined for an error that is a bug and must propagate.
 */
export function notAnalysedReason(error: unknown): string | undefined {
  if (error instanceof NestingTooDeepError) return error.message;
  // V8's message for an exhausted stack; no other RangeError mentions the call stack.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'its code nests too deeply to be parsed and analysed (the call stack ran out)';
  }
  return undefined;
}
