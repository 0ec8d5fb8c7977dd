// How messages quote the user's code: on one line, and short enough to read in a hover.
import type { Node } from 'web-tree-sitter';

const MAX_QUOTED = 40;

/** The node's text with whitespace runs collapsed, cut to a readable length. */
export function quoted(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 3)}...` : text;
}
