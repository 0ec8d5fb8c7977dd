// Which files the product reads, and the language each extension stands for.
import type { SourceLanguage } from './types';

const BY_EXTENSION: Readonly<Record<string, SourceLanguage>> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export const SUPPORTED_LANGUAGES: readonly SourceLanguage[] = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

export function languageForPath(path: string): SourceLanguage | undefined {
  const dot = path.lastIndexOf('.');
  // Declaration files describe types only; there is no code to analyse.
  if (dot < 0 || /\.d\.[mc]?ts$/.test(path)) return undefined;
  return BY_EXTENSION[path.slice(dot).toLowerCase()];
}

export function isSupportedLanguage(id: string): id is SourceLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(id);
}

/** The rule language a source language belongs to (JSX variants to their base). */
export function ruleLanguageOf(language: SourceLanguage): 'python' | 'typescript' | 'javascript' {
  if (language === 'python') return 'python';
  return language === 'javascript' || language === 'javascriptreact' ? 'javascript' : 'typescript';
}
