// TypeScript: `awaitwise check` with and without types against ESLint + typescript-eslint
// (type-aware) and oxlint, on a generated project and on the TypeScript sources in node_modules.
import { join } from 'node:path';
import { BENCH_TMP, freshDir, type Corpus } from '../corpus/files';
import { npmTypeScriptCorpus } from '../corpus/npm-typescript';
import { generatedTypeScriptCorpus } from '../corpus/typescript';
import { REPO_ROOT } from '../machine';
import type { BenchOptions } from '../options';
import { awaitwiseTool, cliFeatures } from '../tools/awaitwise';
import { eslintTool } from '../tools/eslint';
import { oxlintTool } from '../tools/oxlint';
import { measureTools } from '../tools/tool';
import { recordTools, summariseCorpus, type ToolSectionResult } from './tools-section';

export async function runTypeScriptSection(options: BenchOptions, progress: (line: string) => void): Promise<ToolSectionResult> {
  const result: ToolSectionResult = { corpora: [], skipped: [], tools: {}, measurements: [] };
  const typeRoots = join(REPO_ROOT, 'node_modules', '@types');
  const corpora: Corpus[] = [
    generatedTypeScriptCorpus(freshDir('ts-generated'), options.sizes.typescriptGeneratedFiles, 1, typeRoots),
    npmTypeScriptCorpus(REPO_ROOT, options.sizes.npmTypeScriptFiles, join(BENCH_TMP, 'tsconfig.node-modules.json')),
  ];
  const features = cliFeatures();
  for (const corpus of corpora) {
    // `auto` finds the generated project's tsconfig. No config the CLI looks for includes the
    // node_modules files, so `on` type-checks them (in one inferred program, or in a package's
    // own project where its tsconfig includes the file), as ESLint does through a written one.
    const typed = awaitwiseTool(features, corpus.typeProject?.kind === 'own' ? 'auto' : 'on');
    const tools = [typed, awaitwiseTool(features, 'off'), eslintTool(), oxlintTool()];
    recordTools(result, tools);
    result.corpora.push(summariseCorpus(corpus));
    result.measurements.push(...(await measureTools(corpus, tools, options.runs, progress)));
  }
  return result;
}
