// Whether a text parses cleanly, with the same parsers the engine uses; fixes must never
// turn parsing code into broken code.
import ts from 'typescript';
import { parsePython } from '../../server/src/engine/python/parser';
import { parseTypeScript } from '../../server/src/engine/typescript/parser';
import type { SourceLanguage } from '../../server/src/engine/types';

export function syntaxErrors(text: string, language: SourceLanguage, fileName?: string): number {
  if (language === 'python') {
    const tree = parsePython(text);
    try {
      return tree.rootNode.hasError ? 1 : 0;
    } finally {
      tree.delete();
    }
  }
  const sourceFile = parseTypeScript(text, language, fileName) as ts.SourceFile & { parseDiagnostics?: unknown[] };
  return sourceFile.parseDiagnostics?.length ?? 0;
}
