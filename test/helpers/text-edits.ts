// Applies LSP text edits to a string the way an editor does, written independently of the
// engine's own text code so tests check the server's edits against a second implementation.

export interface EditPosition {
  line: number;
  character: number;
}

export interface PlainTextEdit {
  range: { start: EditPosition; end: EditPosition };
  newText: string;
}

function nextLineBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' || char === '\r') return i;
  }
  return text.length;
}

export function offsetAt(text: string, position: EditPosition): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const lineBreak = nextLineBreak(text, offset);
    if (lineBreak === text.length) return text.length;
    offset = lineBreak + (text.startsWith('\r\n', lineBreak) ? 2 : 1);
  }
  return Math.min(offset + position.character, nextLineBreak(text, offset));
}

export function positionAt(text: string, offset: number): EditPosition {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Edits that do not overlap, applied all at once against the original text. */
export function applyTextEdits(text: string, edits: readonly PlainTextEdit[]): string {
  const located = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < located.length; i++) {
    if (located[i].end > located[i - 1].start) throw new Error('overlapping edits');
  }
  let result = text;
  for (const { start, end, newText } of located) result = result.slice(0, start) + newText + result.slice(end);
  return result;
}

/** The edits ordered last-first, so sending them one after another keeps earlier ranges valid. */
export function lastFirst<T extends PlainTextEdit>(edits: readonly T[]): T[] {
  return [...edits].sort(
    (a, b) =>
      b.range.start.line - a.range.start.line ||
      b.range.start.character - a.range.start.character ||
      b.range.end.line - a.range.end.line ||
      b.range.end.character - a.range.end.character,
  );
}

/** The range of an occurrence of `needle` (0 for the first). */
export function rangeOf(text: string, needle: string, occurrence = 0): { start: EditPosition; end: EditPosition } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
  }
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}
