// Type information for TS/JS files: one TypeScript language service per tsconfig.json /
// jsconfig.json project, shared by the language server and the CLI.
//
// - Open documents are read from the editor at their versions; every other file from disk,
//   with a version that moves only when a file event says the file changed, so keeping a
//   program current costs no `stat` per file.
// - A program is built only when a file of the project is analysed, and rebuilt only after
//   something it contains changed (the language service compares project versions first).
// - Only declaration and source files are read. Language-service plugins named in a config
//   are never loaded, and no code from the workspace runs.
// - Few projects are kept: the least recently used one is dropped beyond the limit.
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { ScriptTypes } from '../engine/types';

/** `auto`: types where a config governs the file; `on`: also without one; `off`: syntax only. */
export type TypeAwareMode = 'auto' | 'on' | 'off';
export const TYPE_AWARE_MODES: readonly TypeAwareMode[] = ['auto', 'on', 'off'];

/** The editor's text of the files it has open. */
export interface OpenFiles {
  /** The text and version of an open file, or undefined when the disk speaks for it. */
  get(filePath: string): { text: string; version: number } | undefined;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_PROJECTS = 4;
/** Reference chains of solution-style configs are followed this deep. */
const MAX_REFERENCE_DEPTH = 4;

/** Options for files that no config governs (`on` mode): what an editor infers for a loose file. */
const INFERRED_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  allowJs: true,
  strict: true,
  skipLibCheck: true,
};

function normalise(path: string): string {
  return path.replace(/\\/g, '/');
}

export interface TypeScriptProject {
  /** Names the project (its configuration file, or the loose files' shared program). */
  readonly key: string;
  /** Changes whenever the program may: compare it before reusing results computed with types. */
  readonly stamp: string;
  /** The current program and its stamp; builds or updates it when needed. */
  types(): ScriptTypes;
}

class LanguageServiceProject implements TypeScriptProject {
  private version = 0;
  private readonly service: ts.LanguageService;
  /** The last program handed out: membership questions must not build a new one. */
  private program: ts.Program | undefined;
  private readonly roots: Set<string>;

  constructor(
    readonly key: string,
    private readonly id: number,
    options: ts.CompilerOptions,
    fileNames: Iterable<string>,
    private readonly files: FileVersions,
    registry: ts.DocumentRegistry,
  ) {
    this.roots = new Set(fileNames);
    // Plugins are a tsserver feature; the options are stripped anyway so none is ever named.
    const compilerOptions: ts.CompilerOptions = { ...options, plugins: undefined, noEmit: true };
    const host: ts.LanguageServiceHost = {
      getProjectVersion: () => String(this.version),
      getCompilationSettings: () => compilerOptions,
      getScriptFileNames: () => [...this.roots],
      getScriptVersion: (fileName) => this.files.versionOf(normalise(fileName)),
      getScriptSnapshot: (fileName) => {
        const text = this.files.textOf(normalise(fileName));
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => dirname(key),
      getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
      fileExists: (path) => this.files.exists(normalise(path)),
      readFile: (path) => this.files.textOf(normalise(path)),
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.service = ts.createLanguageService(host, registry);
  }

  get stamp(): string {
    return `${this.id}.${this.version}`;
  }

  includes(filePath: string): boolean {
    return this.roots.has(filePath) || this.program?.getSourceFile(filePath) !== undefined;
  }

  /** Adds a loose file (inferred projects grow with the files opened in them). */
  addRoot(filePath: string): void {
    if (this.roots.has(filePath)) return;
    this.roots.add(filePath);
    this.version++;
  }

  touched(): void {
    this.version++;
  }

  types(): ScriptTypes {
    const program = this.service.getProgram();
    if (!program) throw new Error(`TypeScript could not build the program of ${this.key}`);
    this.program = program;
    return { program, stamp: this.stamp };
  }

  dispose(): void {
    this.service.dispose();
  }
}

/** Versions and texts of files: the editor's for open files, the disk's (read on demand) otherwise. */
class FileVersions {
  private readonly diskVersions = new Map<string, number>();

  constructor(private readonly open: OpenFiles) {}

  versionOf(filePath: string): string {
    const opened = this.open.get(filePath);
    return opened ? `editor:${opened.version}` : `disk:${this.diskVersions.get(filePath) ?? 0}`;
  }

  textOf(filePath: string): string | undefined {
    return this.open.get(filePath)?.text ?? ts.sys.readFile(filePath);
  }

  exists(filePath: string): boolean {
    return this.open.get(filePath) !== undefined || ts.sys.fileExists(filePath);
  }

  diskChanged(filePath: string): void {
    this.diskVersions.set(filePath, (this.diskVersions.get(filePath) ?? 0) + 1);
  }
}

interface ParsedConfig {
  options: ts.CompilerOptions;
  /** A set: every analysis asks whether its file is one of them. */
  fileNames: ReadonlySet<string>;
  references: string[];
}

function parseConfig(configPath: string): ParsedConfig | undefined {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) return undefined;
  const options = configPath.endsWith('jsconfig.json') ? { allowJs: true, ...parsed.options } : parsed.options;
  return {
    options,
    fileNames: new Set(parsed.fileNames.map(normalise)),
    references: (parsed.projectReferences ?? []).map((reference) => normalise(ts.resolveProjectReferencePath(reference))),
  };
}

export class TypeScriptProjects {
  private readonly files: FileVersions;
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);
  /** By config path (or the inferred project's key), most recently used last. */
  private readonly projects = new Map<string, LanguageServiceProject>();
  private readonly configs = new Map<string, ParsedConfig | undefined>();
  private nextId = 1;

  constructor(open: OpenFiles) {
    this.files = new FileVersions(open);
  }

  /** The project that type-checks a file in this mode, or undefined when syntax alone decides. */
  locate(filePath: string, mode: TypeAwareMode): TypeScriptProject | undefined {
    if (mode === 'off') return undefined;
    const path = normalise(filePath);
    const configPath = this.governingConfig(path);
    if (configPath) return this.project(configPath, () => this.configs.get(configPath)!);
    if (mode !== 'on') return undefined;
    const inferred = this.project('<inferred>', () => ({ options: INFERRED_OPTIONS, fileNames: new Set<string>(), references: [] }));
    inferred.addRoot(path);
    return inferred;
  }

  /** An open document's text changed: the projects holding it are out of date. */
  documentChanged(filePath: string): void {
    this.touch(normalise(filePath));
  }

  /** A file changed on disk (created, edited or deleted). */
  fileChangedOnDisk(filePath: string): void {
    const path = normalise(filePath);
    if (/\/(?:ts|js)config[^/]*\.json$/.test(path)) {
      // A config (or one it extends) changed: parse configs again, rebuild projects lazily.
      this.disposeAll();
      return;
    }
    this.files.diskChanged(path);
    // A new or deleted file changes a config's file list, which only parsing it again tells.
    this.configs.clear();
    for (const project of this.projects.values()) project.touched();
  }

  dispose(): void {
    this.disposeAll();
  }

  private touch(path: string): void {
    for (const project of this.projects.values()) if (project.includes(path)) project.touched();
  }

  /** The nearest config (or one it references) whose files include the file. */
  private governingConfig(path: string): string | undefined {
    for (let folder = dirname(path); ; folder = dirname(folder)) {
      for (const name of CONFIG_NAMES) {
        const found = this.includingConfig(join(folder, name), path, 0);
        if (found) return found;
      }
      if (dirname(folder) === folder) return undefined;
    }
  }

  private includingConfig(configPath: string, path: string, depth: number): string | undefined {
    const config = this.config(configPath);
    if (!config) return undefined;
    if (config.fileNames.has(path)) return configPath;
    if (depth >= MAX_REFERENCE_DEPTH) return undefined;
    for (const reference of config.references) {
      const found = this.includingConfig(reference, path, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private config(configPath: string): ParsedConfig | undefined {
    if (!this.configs.has(configPath)) this.configs.set(configPath, ts.sys.fileExists(configPath) ? parseConfig(configPath) : undefined);
    return this.configs.get(configPath);
  }

  private project(key: string, configOf: () => ParsedConfig): LanguageServiceProject {
    let project = this.projects.get(key);
    if (project) {
      this.projects.delete(key);
    } else {
      const { options, fileNames } = configOf();
      project = new LanguageServiceProject(key, this.nextId++, options, fileNames, this.files, this.registry);
    }
    this.projects.set(key, project);
    for (const [oldest, stale] of this.projects) {
      if (this.projects.size <= MAX_PROJECTS) break;
      stale.dispose();
      this.projects.delete(oldest);
    }
    return project;
  }

  private disposeAll(): void {
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
    this.configs.clear();
  }
}
