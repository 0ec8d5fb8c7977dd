// Loads tree-sitter and the Python grammar (wasm) once, and parses, incrementally when an
// earlier tree of the same document is given.
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisCancelledError, type CancellationToken } from '../types';

let parser: Parser | undefined;
let language: Language | undefined;
let loading: Promise<void> | undefined;

/** Folders searched for the wasm files: next to the bundle, then the installed packages. */
function wasmCandidates(file: string, dirs: string[]): string {
  for (const dir of dirs) {
    const candidate = join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find ${file} (looked in ${dirs.join(', ')})`);
}

function defaultWasmDirs(): string[] {
  const dirs = [__dirname, join(__dirname, '..', 'dist'), join(__dirname, '..', '..', '..', '..', 'dist')];
  try {
    dirs.push(join(require.resolve('web-tree-sitter'), '..'));
    dirs.push(join(require.resolve('tree-sitter-python/package.json'), '..'));
  } catch {
    // Bundled builds carry the wasm files next to themselves; the packages are not needed.
  }
  return dirs;
}

export function initPythonParser(wasmDir?: string): Promise<void> {
  loading ??= (async () => {
    const dirs = wasmDir ? [wasmDir, ...defaultWasmDirs()] : defaultWasmDirs();
    const runtime = wasmCandidates('tree-sitter.wasm', dirs);
    await Parser.init({ locateFile: () => runtime });
    language = await Language.load(wasmCandidates('tree-sitter-python.wasm', dirs));
    parser = new Parser();
    parser.setLanguage(language);
  })();
  return loading;
}

export function pythonLanguage(): Language {
  if (!language) throw new Error('the Python parser is not initialised: await initEngine() first');
  return language;
}

/**
 * Parses with each lone `\r` (a classic Mac OS line end) read as `\n`. Python and editors take
 * it for a line break but the grammar does not: it saw such a file as one long line, and every
 * finding's line and column were wrong. The swap keeps every offset, so rows then count lines
 * as `LineIndex` does; node text shows `\n` where the file has a lone `\r`.
 */
export function parsePython(text: string, previous?: Tree, token?: CancellationToken): Tree {
  if (!parser) throw new Error('the Python parser is not initialised: await initEngine() first');
  const input = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // The grammar's scanner is quadratic in runs of long comment lines (each line's newline
  // looks ahead through the rest of the run), so a parse alone can outlast a time budget.
  const options = token && { progressCallback: () => token.isCancellationRequested };
  const tree = parser.parse(input, previous ?? null, options);
  if (!tree) {
    // A halted parser resumes where it stopped unless reset, and the next text may differ.
    parser.reset();
    if (token?.isCancellationRequested) throw new AnalysisCancelledError();
    throw new Error('tree-sitter returned no tree');
  }
  return tree;
}
