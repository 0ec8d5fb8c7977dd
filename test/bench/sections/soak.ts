// The soak test over LSP: a workspace of 50 generated documents, half Python (a package whose
// modules import its store, so the cross-file index takes part) and half TypeScript
// (syntactic: no tsconfig.json), 200 to 1,000 lines each, all open and typed into.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshDir, writeTree } from '../corpus/files';
import { DOMAINS } from '../corpus/names';
import { largePythonModule, storeModule } from '../corpus/python';
import { largeTypeScriptModule } from '../corpus/typescript';
import type { BenchOptions } from '../options';
import { measureSoak, type SoakDocument, type SoakResult } from '../lsp/soak';

const DOCUMENTS_PER_LANGUAGE = 25;
const MIN_LINES = 200;
const MAX_LINES = 1000;

/** Sizes spread evenly from MIN_LINES to MAX_LINES. */
function linesOf(index: number): number {
  return MIN_LINES + Math.round(((MAX_LINES - MIN_LINES) * index) / (DOCUMENTS_PER_LANGUAGE - 1));
}

function writeDocuments(root: string): SoakDocument[] {
  const files = new Map([
    ['app/__init__.py', ''],
    ['app/store.py', storeModule(DOMAINS)],
  ]);
  const documents: SoakDocument[] = [];
  for (let index = 0; index < DOCUMENTS_PER_LANGUAGE; index++) {
    const name = String(index).padStart(2, '0');
    const python = { path: `app/module_${name}.py`, language: 'python', text: largePythonModule(linesOf(index), index + 1) } as const;
    const script = { path: `web/src/services/module_${name}.ts`, language: 'typescript', text: largeTypeScriptModule(linesOf(index), index + 1) } as const;
    for (const { path, language, text } of [python, script]) {
      files.set(path, text);
      documents.push({ uri: pathToFileURL(join(root, path)).href, language, text });
    }
  }
  writeTree(root, files);
  return documents;
}

export async function runSoakSection(options: BenchOptions, progress: (line: string) => void): Promise<SoakResult> {
  const root = freshDir('soak');
  return measureSoak(root, writeDocuments(root), options.sizes.soakEdits, progress);
}
