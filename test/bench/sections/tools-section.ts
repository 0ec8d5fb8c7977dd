// What the Python and TypeScript sections share: corpora measured with a set of tools each.
import type { Corpus } from '../corpus/files';
import type { Tool, ToolMeasurement } from '../tools/tool';

export interface CorpusSummary {
  name: string;
  files: number;
  megabytes: number;
  details?: Record<string, unknown>;
}

export interface ToolSectionResult {
  corpora: CorpusSummary[];
  /** Corpora that could not be built on this machine, and why. */
  skipped: string[];
  /** Version, flags and rules of each tool, by row label. */
  tools: Record<string, Record<string, unknown>>;
  measurements: ToolMeasurement[];
}

export function summariseCorpus(corpus: Corpus): CorpusSummary {
  return { name: corpus.name, files: corpus.files.length, megabytes: corpus.bytes / 1e6, details: corpus.details };
}

export function recordTools(result: ToolSectionResult, tools: readonly Tool[]): void {
  for (const tool of tools) result.tools[tool.name] = tool.settings;
}
