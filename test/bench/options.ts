// Command-line options of `npm run bench`, and the corpus sizes they lead to.

export const SECTIONS = ['python', 'typescript', 'editor', 'soak'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface Sizes {
  /** Files of the Python standard library; undefined for all of them. */
  stdlibFiles: number | undefined;
  pythonGeneratedFiles: number;
  typescriptGeneratedFiles: number;
  /** At most this many TypeScript files from node_modules. */
  npmTypeScriptFiles: number;
  editorLines: number[];
  /** Measured edits (and hovers, and code actions) per file. */
  edits: number;
  /**
   * Time after which a file's edits (or hovers, or code actions) stop early, so that a slow case
   * (type-aware analysis of 20,000 lines) cannot stretch the run; the table shows the count.
   */
  latencyBudgetMs: number;
  workspaceFiles: number;
  workspaceTimeoutMs: number;
  /** Typing edits of the soak test, over all its documents. */
  soakEdits: number;
}

const FULL: Sizes = {
  stdlibFiles: undefined,
  pythonGeneratedFiles: 2000,
  typescriptGeneratedFiles: 300,
  npmTypeScriptFiles: 400,
  editorLines: [1000, 5000, 20000],
  edits: 50,
  latencyBudgetMs: 30_000,
  workspaceFiles: 2000,
  workspaceTimeoutMs: 180_000,
  soakEdits: 10_000,
};

/** Small enough to check in a minute or two that every part still runs. */
const QUICK: Sizes = {
  stdlibFiles: 150,
  pythonGeneratedFiles: 150,
  typescriptGeneratedFiles: 60,
  npmTypeScriptFiles: 60,
  editorLines: [1000],
  edits: 10,
  latencyBudgetMs: 15_000,
  workspaceFiles: 200,
  workspaceTimeoutMs: 60_000,
  soakEdits: 1_000,
};

export interface BenchOptions {
  sections: SectionName[];
  quick: boolean;
  /** Runs of each tool over each corpus; the median is reported. */
  runs: number;
  sizes: Sizes;
}

export const USAGE = `Usage: npm run bench -- [SECTION...] [--quick] [--runs N] [--edits N]

Sections: ${SECTIONS.join(', ')} (default: all)
  --quick     small corpora, one run each, 1,000 soak edits instead of 10,000: checks that everything runs
  --runs N    runs of each command-line tool per corpus, median reported (default 3, quick 1)
  --edits N   measured edits, hovers and code actions per file (default 50, quick 10)`;

function count(value: string | undefined, option: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${option} needs a positive whole number\n\n${USAGE}`);
  return parsed;
}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const sections: SectionName[] = [];
  let quick = false;
  let runs: number | undefined;
  let edits: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--quick') quick = true;
    else if (arg === '--runs') runs = count(argv[++i], arg);
    else if (arg === '--edits') edits = count(argv[++i], arg);
    else if ((SECTIONS as readonly string[]).includes(arg)) sections.push(arg as SectionName);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
  }
  const sizes = { ...(quick ? QUICK : FULL) };
  if (edits !== undefined) sizes.edits = edits;
  return { sections: sections.length > 0 ? sections : [...SECTIONS], quick, runs: runs ?? (quick ? 1 : 3), sizes };
}
