// Loads tree-sitter and the Python grammar (wasm) once, and parses, incrementally when an
// earlier tree of the same document is given.
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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

export function parsePython(text: string, previous?: Tree): Tree {
  if (!parser) throw new Error('the Python parser is not initialised: await initEngine() first');
  const tree = parser.parse(text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
