// Replaces the generated part of a hand-written file: the text between two marker comments.

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

/** The text with `content` between the markers, or undefined when it lacks them (in order). */
export function replaceBetweenMarkers(text: string, content: string, start = RULES_START, end = RULES_END): string | undefined {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  if (to < 0) return undefined;
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
