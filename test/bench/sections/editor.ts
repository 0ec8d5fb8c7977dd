// The editor over LSP: typing latency on large files, hover and code actions, and a scan of a
// whole workspace.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshDir, listFiles, writeTree } from '../corpus/files';
import { DOMAINS } from '../corpus/names';
import { largePythonModule, storeModule, writePythonProject } from '../corpus/python';
import { largeTypeScriptModule, writeTypeScriptProject } from '../corpus/typescript';
import { REPO_ROOT } from '../machine';
import type { BenchOptions } from '../options';
import { measureLatency, type LatencyCase, type LatencyResult } from '../lsp/latency';
import { measureWorkspaceScan, type ScanResult } from '../lsp/workspace-scan';

export interface EditorSectionResult {
  latency: LatencyResult[];
  scan: ScanResult;
}

/** Files of the small project a type-aware file lives in, besides itself. */
const PROJECT_FILES = 20;

function pythonCases(root: string, lines: number): LatencyCase[] {
  const file = join(root, 'app', 'large.py');
  const text = largePythonModule(lines, lines);
  writeTree(root, new Map([['app/__init__.py', ''], ['app/store.py', storeModule(DOMAINS)], ['app/large.py', text]]));
  const base = { language: 'python', languageId: 'python', lines, mode: 'syntactic', uri: pathToFileURL(file).href, text, workspaceFolder: root, settings: {} } as const;
  return [
    { ...base, delivery: 'pull' },
    { ...base, delivery: 'push' },
  ];
}

function typeScriptCases(root: string, lines: number): LatencyCase[] {
  writeTypeScriptProject(root, PROJECT_FILES, lines, join(REPO_ROOT, 'node_modules', '@types'));
  const file = join(root, 'src', 'editor', 'large.ts');
  const text = largeTypeScriptModule(lines, lines);
  writeTree(root, new Map([['src/editor/large.ts', text]]));
  const base = { language: 'typescript', languageId: 'typescript', lines, uri: pathToFileURL(file).href, text, workspaceFolder: root } as const;
  const syntactic = { ...base, mode: 'syntactic', settings: { typescript: { typeAware: 'off' } } } as const;
  return [
    { ...syntactic, delivery: 'pull' },
    { ...syntactic, delivery: 'push' },
    // `auto`: the file is in the project's tsconfig.json.
    { ...base, mode: 'type-aware', settings: { typescript: { typeAware: 'auto' } }, delivery: 'pull' },
  ];
}

/** Half Python packages, half a TypeScript project with its tsconfig.json. */
function writeWorkspace(files: number): string {
  const root = freshDir('workspace');
  writePythonProject(join(root, 'services'), Math.floor(files / 2), 3);
  writeTypeScriptProject(join(root, 'web'), files - Math.floor(files / 2), 3, join(REPO_ROOT, 'node_modules', '@types'));
  const written = listFiles(root, (name) => /\.(py|ts)$/.test(name)).length;
  if (written !== files) throw new Error(`the workspace has ${written} source files, not ${files}`);
  return root;
}

export async function runEditorSection(options: BenchOptions, progress: (line: string) => void): Promise<EditorSectionResult> {
  const { editorLines, edits, latencyBudgetMs, workspaceFiles, workspaceTimeoutMs } = options.sizes;
  const latency: LatencyResult[] = [];
  for (const lines of editorLines) {
    const cases = [...pythonCases(freshDir(`editor/python-${lines}`), lines), ...typeScriptCases(freshDir(`editor/ts-${lines}`), lines)];
    for (const spec of cases) {
      const result = await measureLatency(spec, edits, latencyBudgetMs);
      latency.push(result);
      const what = `${spec.language} ${lines} lines, ${spec.mode}, ${spec.delivery}`;
      progress(result.error ? `editor · ${what} failed: ${result.error}` : `editor · ${what}: edit p95 ${result.edit.p95.toFixed(1)} ms`);
    }
  }
  const scan = await measureWorkspaceScan(writeWorkspace(workspaceFiles), workspaceFiles, workspaceTimeoutMs);
  progress(
    !scan.supported
      ? 'editor · workspace scan: not supported by this build'
      : scan.error
        ? `editor · workspace scan failed: ${scan.error}`
        : `editor · workspace scan: ${((scan.elapsedMs ?? 0) / 1000).toFixed(1)} s`,
  );
  return { latency, scan };
}
