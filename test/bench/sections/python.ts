// Python: `awaitwise check` against ruff's ASYNC rules (WebAssembly build) on the standard
// library and on generated asyncio / trio / AnyIO code.
import { freshDir, type Corpus } from '../corpus/files';
import { generatedPythonCorpus, stdlibCorpus } from '../corpus/python';
import type { BenchOptions } from '../options';
import { awaitwiseTool, cliFeatures } from '../tools/awaitwise';
import { ruffTool } from '../tools/ruff';
import { measureTools } from '../tools/tool';
import { recordTools, summariseCorpus, type ToolSectionResult } from './tools-section';

export async function runPythonSection(options: BenchOptions, progress: (line: string) => void): Promise<ToolSectionResult> {
  const result: ToolSectionResult = { corpora: [], skipped: [], tools: {}, measurements: [] };
  const corpora: Corpus[] = [];
  const stdlib = stdlibCorpus(options.sizes.stdlibFiles);
  if ('skipped' in stdlib) result.skipped.push(stdlib.skipped);
  else corpora.push(stdlib);
  corpora.push(generatedPythonCorpus(freshDir('python-generated'), options.sizes.pythonGeneratedFiles, 1));

  const tools = [awaitwiseTool(cliFeatures()), ruffTool()];
  recordTools(result, tools);
  for (const corpus of corpora) {
    result.corpora.push(summariseCorpus(corpus));
    result.measurements.push(...(await measureTools(corpus, tools, options.runs, progress)));
  }
  return result;
}
