// Plain-text tables for the terminal: columns padded to their widest cell, two spaces apart.

/** One line per row; columns listed in `rightAligned` (counts) are padded on the left. */
export function formatTable(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const cell = (text: string, column: number): string => (rightAligned.includes(column) ? text.padStart(widths[column]) : text.padEnd(widths[column]));
  return rows.map((row) => row.map(cell).join('  ').trimEnd());
}
