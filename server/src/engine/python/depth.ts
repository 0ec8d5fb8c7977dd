// How deep a Python syntax tree nests, found without visiting most of it.
import type { Node } from 'web-tree-sitter';

/**
 * A node `limit` levels below `root`, if the tree is that deep. A subtree of n nodes reaches at
 * most n - 1 levels below its top, and tree-sitter knows each subtree's size, so only subtrees
 * big enough to reach the limit are entered: in ordinary code, a few per thousand nodes.
 */
export function nodeAtDepth(root: Node, limit: number): Node | undefined {
  const stack = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth >= limit) return node;
    for (const child of node.children) {
      if (child && depth + child.descendantCount >= limit) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return undefined;
}
