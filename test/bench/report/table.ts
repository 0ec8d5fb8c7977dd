// Plain-text tables for the terminal, and the number formats they use.

const NUMBER = /^(\d|–$)/;

/** Columns padded to their widest cell; a column of numbers (or dashes) is right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const right = headers.map((_, column) => rows.length > 0 && rows.every((row) => NUMBER.test(row[column])));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (right[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const DASH = '–';

function finite(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

export const format = {
  /** Milliseconds with one decimal under 100, whole above. */
  ms: (value: number | undefined): string => (finite(value) ? (value < 100 ? value.toFixed(1) : Math.round(value).toString()) : DASH),
  seconds: (ms: number | undefined): string => (finite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : DASH),
  mb: (value: number | undefined): string => (finite(value) ? value.toFixed(value < 10 ? 1 : 0) : DASH),
  count: (value: number | undefined): string => (finite(value) ? Math.round(value).toLocaleString('en-US') : DASH),
  /** Two significant digits below 100 (small corpora run at hundredths of a MB/s). */
  rate: (value: number | undefined): string => (finite(value) ? (value < 100 ? Number(value.toPrecision(2)).toString() : Math.round(value).toString()) : DASH),
  ratio: (value: number | undefined): string => (finite(value) ? `${value.toFixed(2)}×` : DASH),
  /** A change in percent, signed. */
  change: (value: number | undefined): string => (finite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)}%` : DASH),
};
