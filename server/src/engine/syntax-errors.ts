// How many syntax errors a text has, by the parsers the analysis uses. `--fix` keeps a fix
// only when it adds none, and tests hold fixes and examples to the same measure.
import type ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import { parsePython } from './python/parser';
import { parseTypeScript } from './typescript/parser';
import type { SourceLanguage } from './types';

/** Error and missing nodes; only subtrees that hold one are walked. */
function pythonErrorNodes(node: Node): number {
  if (node.isError || node.isMissing) return 1;
  if (!node.hasError) return 0;
  let count = 0;
  for (const child of node.children) if (child) count += pythonErrorNodes(child);
  return count;
}

/** 0 when the text parses cleanly. The Python parser must be initialised (`initEngine`). */
export function countSyntaxErrors(text: string, language: SourceLanguage, fileName?: string): number {
  if (language === 'python') {
    const tree = parsePython(text);
    try {
      return pythonErrorNodes(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
  // The compiler keeps what its parser reported on the source file, outside its public type.
  const sourceFile = parseTypeScript(text, language, fileName) as ts.SourceFile & { parseDiagnostics?: readonly unknown[] };
  return sourceFile.parseDiagnostics?.length ?? 0;
}
