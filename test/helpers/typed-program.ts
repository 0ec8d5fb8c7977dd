// Type-aware analysis options for a text that lives only in memory: a program of that one file
// (plus optional neighbours) with strict options and the default libraries. Library files are
// parsed once per test process and shared by every program.
import ts from 'typescript';
import type { AnalyzeOptions } from '../../server/src/engine/index';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  strict: true,
  allowJs: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

const libFiles = new Map<string, ts.SourceFile>();
let stamps = 0;

/** Options that make `analyze` type-aware for `text` as `fileName`; `others` are extra files by name. */
export function typedAnalysisOptions(fileName: string, text: string, others: Record<string, string> = {}): Pick<AnalyzeOptions, 'fileName' | 'types'> {
  const path = `/project/${fileName}`;
  const files = new Map<string, string>([[path, text]]);
  for (const [name, content] of Object.entries(others)) files.set(`/project/${name}`, content);
  const defaultHost = ts.createCompilerHost(COMPILER_OPTIONS);
  const host: ts.CompilerHost = {
    ...defaultHost,
    fileExists: (name) => files.has(name) || (!name.startsWith('/project/') && defaultHost.fileExists(name)),
    readFile: (name) => files.get(name) ?? (name.startsWith('/project/') ? undefined : defaultHost.readFile(name)),
    getSourceFile(name, languageVersion) {
      const own = files.get(name);
      if (own !== undefined) return ts.createSourceFile(name, own, languageVersion, true);
      let lib = libFiles.get(name);
      if (!lib) {
        lib = defaultHost.getSourceFile(name, languageVersion);
        if (lib) libFiles.set(name, lib);
      }
      return lib;
    },
    getCurrentDirectory: () => '/project',
    writeFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options: COMPILER_OPTIONS, host });
  return { fileName: path, types: { program, stamp: `test-${stamps++}` } };
}
