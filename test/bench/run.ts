// `npm run bench`: measures the built CLI and language server against their peers, prints a
// table per section with the targets, and writes every figure to bench-results/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_TMP } from './corpus/files';
import { REPO_ROOT, machineInfo } from './machine';
import { USAGE, parseOptions, type BenchOptions, type SectionName } from './options';
import { editorText, soakText, targetsText, toolSectionText } from './report/sections';
import { editorTargets, pythonTargets, soakTargets, typeScriptTargets, type TargetCheck } from './report/targets';
import { runEditorSection } from './sections/editor';
import { runPythonSection } from './sections/python';
import { runSoakSection } from './sections/soak';
import { runTypeScriptSection } from './sections/typescript';
import { ESLINT_NAME } from './tools/eslint';
import { RUFF_NAME } from './tools/ruff';

interface SectionOutcome {
  result: unknown;
  targets: TargetCheck[];
  text: string;
}

const SECTION_TITLES: Record<SectionName, string> = {
  python: 'Python: awaitwise check vs ruff (ASYNC rules, WebAssembly build)',
  typescript: 'TypeScript: awaitwise check vs ESLint + typescript-eslint (type-aware) and oxlint',
  editor: 'Editor over LSP (dist/server.js --stdio)',
  soak: 'Soak over LSP: 50 open documents typed into, the server\'s memory sampled',
};

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

async function runSection(name: SectionName, options: BenchOptions): Promise<SectionOutcome> {
  switch (name) {
    case 'python': {
      const result = await runPythonSection(options, progress);
      const targets = pythonTargets(result);
      return { result, targets, text: toolSectionText(result, RUFF_NAME, 'ruff') };
    }
    case 'typescript': {
      const result = await runTypeScriptSection(options, progress);
      const targets = typeScriptTargets(result);
      return { result, targets, text: toolSectionText(result, ESLINT_NAME, 'ESLint') };
    }
    case 'editor': {
      const result = await runEditorSection(options, progress);
      const targets = editorTargets(result);
      return { result, targets, text: editorText(result, options.sizes.latencyBudgetMs) };
    }
    case 'soak': {
      const result = await runSoakSection(options, progress);
      return { result, targets: soakTargets(result), text: soakText(result) };
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const startedAt = new Date();
  const started = performance.now();
  const machine = machineInfo();
  console.log(
    `Awaitwise benchmark${options.quick ? ' (quick mode: small corpora, not comparable with full runs)' : ''}: ${options.sections.join(', ')}; ` +
      `${options.runs} run(s) per tool and corpus, ${options.sizes.edits} edits per file`,
  );
  console.log(`${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, load ${machine.loadAverage}, Node ${machine.node}, awaitwise ${machine.awaitwise.version} ${machine.awaitwise.commit ?? ''}`);
  mkdirSync(BENCH_TMP, { recursive: true });
  const sections: Partial<Record<SectionName, { durationS: number; result: unknown; targets: TargetCheck[] }>> = {};
  try {
    for (const name of options.sections) {
      console.log(`\n== ${SECTION_TITLES[name]} ==\n`);
      const sectionStarted = performance.now();
      const outcome = await runSection(name, options);
      const durationS = Math.round((performance.now() - sectionStarted) / 100) / 10;
      console.log(`${outcome.text}\n\n${targetsText(outcome.targets)}\n\n(section took ${durationS} s)`);
      sections[name] = { durationS, result: outcome.result, targets: outcome.targets };
    }
  } finally {
    rmSync(BENCH_TMP, { recursive: true, force: true });
  }
  const outDir = join(REPO_ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const durationS = Math.round((performance.now() - started) / 100) / 10;
  // Microseconds are noise on a shared machine: three decimals keep the file readable.
  const rounded = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
  writeFileSync(outFile, `${JSON.stringify({ startedAt: startedAt.toISOString(), durationS, machine, options, sections }, rounded, 2)}\n`);
  console.log(`\nAll figures: ${outFile} (${durationS} s in all)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
