// Parses TypeScript and JavaScript with the compiler's own parser, incrementally when an
// earlier tree of the same document and the changed span are given.
import ts from 'typescript';
import type { SourceLanguage } from '../types';

export function scriptKindFor(language: SourceLanguage, fileName?: string): ts.ScriptKind {
  const extension = fileName?.slice(fileName.lastIndexOf('.')).toLowerCase();
  switch (extension) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
  }
  switch (language) {
    case 'typescriptreact':
      return ts.ScriptKind.TSX;
    case 'javascriptreact':
      return ts.ScriptKind.JSX;
    case 'javascript':
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/** A file name whose extension matches the kind, as the parser keys JSX handling on it. */
function parserFileName(kind: ts.ScriptKind, fileName?: string): string {
  if (fileName) return fileName;
  return kind === ts.ScriptKind.TSX ? 'file.tsx' : kind === ts.ScriptKind.JSX ? 'file.jsx' : kind === ts.ScriptKind.JS ? 'file.js' : 'file.ts';
}

export function parseTypeScript(text: string, language: SourceLanguage, fileName?: string): ts.SourceFile {
  const kind = scriptKindFor(language, fileName);
  return ts.createSourceFile(parserFileName(kind, fileName), text, ts.ScriptTarget.Latest, true, kind);
}

/** Re-parses only what the change touched; `change` spans the old text. */
export function reparseTypeScript(previous: ts.SourceFile, text: string, change: ts.TextChangeRange): ts.SourceFile {
  return ts.updateSourceFile(previous, text, change);
}
