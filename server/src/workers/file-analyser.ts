// The analysis of single files that the pool hands out: each worker thread runs one analyser,
// and so does the calling thread when it analyses too.
import { analyze, initEngine, ProjectIndex, recordingQueries, ScriptProjectIndex, summarizePython, summarizeScript, type AnalyzeOptions, type Finding, type SourceLanguage } from '../engine';
import { isSupportedLanguage } from '../engine/languages';
import { countSyntaxErrors } from '../engine/syntax-errors';
import { mayDefineCoroutines } from '../workspace/project-index';
import { mayExportPromises } from '../workspace/script-index';
import { BatchTypes } from './batch-types';
import { applySafeFixesRepeatedly } from './fix-passes';
import type { AnalysisJob, AnalysisOutcome, FileSummary, IndexSnapshot, SummaryJob, TypeCheckedFile } from './jobs';
import type { JobRequest, JobResult } from './messages';

interface Indexes {
  python: ProjectIndex;
  scripts: ScriptProjectIndex;
}

function indexesOf(snapshot: IndexSnapshot): Indexes {
  const indexes = { python: new ProjectIndex(), scripts: new ScriptProjectIndex() };
  for (const [path, summary] of snapshot.python) indexes.python.update(path, summary);
  for (const [path, summary] of snapshot.scripts) indexes.scripts.update(path, summary ?? undefined);
  return indexes;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Jobs come from another thread, where nothing checked them. */
function checkLanguage(language: SourceLanguage): void {
  if (!isSupportedLanguage(language)) throw new Error(`unsupported language '${String(language)}'`);
}

export class FileAnalyser {
  private readonly indexes = new Map<string, Indexes>();
  private readonly types = new BatchTypes();

  /** `fix`: analyses apply the safe fixes and report the fixed text. */
  constructor(private readonly fix: boolean) {}

  setIndex(id: string, snapshot: IndexSnapshot): void {
    this.indexes.set(id, indexesOf(snapshot));
  }

  setTypeCheckedFiles(files: readonly TypeCheckedFile[]): void {
    this.types.setFiles(files);
  }

  run(request: JobRequest): Promise<JobResult> {
    return request.kind === 'summarise' ? this.summarise(request.job) : this.analyse(request.job);
  }

  async summarise(job: SummaryJob): Promise<FileSummary> {
    checkLanguage(job.language);
    if (job.language !== 'python') return { language: 'script', summary: mayExportPromises(job.text) ? summarizeScript(job.text, job.projectPath) : null };
    // Parsing is what the index wants to avoid for files without coroutine functions.
    if (!mayDefineCoroutines(job.text)) return { language: 'python', summary: null };
    await initEngine();
    return { language: 'python', summary: summarizePython(job.text, job.projectPath) };
  }

  async analyse(job: AnalysisJob): Promise<AnalysisOutcome> {
    checkLanguage(job.language);
    const python = job.language === 'python';
    if (python) await initEngine();
    const indexes = this.indexes.get(job.index);
    if (!indexes) throw new Error(`no index '${job.index}' was set`);
    const index = python ? indexes.python : indexes.scripts;

    const ruleErrors: AnalysisOutcome['ruleErrors'] = [];
    const queried = new Set<string>();
    let typesError: string | undefined;
    let notAnalysed: string | undefined;
    const { settings } = job;
    const options: AnalyzeOptions = {
      rules: new Map(Object.entries(settings.rules)),
      pythonVersion: settings.pythonVersion,
      blockingCalls: settings.blockingCalls,
      startableFunctions: settings.startableFunctions,
      safeCalls: settings.safeCalls,
      project: python ? indexes.python : undefined,
      scriptProject: python ? undefined : indexes.scripts,
      projectPath: job.projectPath,
      fileName: job.filePath,
      onRuleError: (ruleId, error) => {
        // The fix passes re-run every rule; one error per rule and file is enough.
        if (ruleErrors.some((failed) => failed.ruleId === ruleId)) return;
        ruleErrors.push({ ruleId, message: errorText(error) });
      },
      onNotAnalysed: (reason) => {
        notAnalysed ??= reason;
      },
    };
    const typesFor = (text: string) => {
      if (python) return undefined;
      try {
        return this.types.typesFor(job.filePath, text, job.text);
      } catch (error) {
        typesError ??= errorText(error);
        return undefined;
      }
    };
    const analyseText = (text: string): Finding[] => {
      const { value, keys } = recordingQueries(index, () => analyze(text, job.language, { ...options, types: typesFor(text) }));
      for (const key of keys) queried.add(key);
      return value;
    };

    const findings = analyseText(job.text);
    const syntaxErrors = (text: string) => countSyntaxErrors(text, job.language, job.filePath);
    const fixing = this.fix ? applySafeFixesRepeatedly(job.text, findings, analyseText, syntaxErrors) : undefined;
    const fixed = fixing && fixing.text !== job.text ? fixing : undefined;
    return { findings, fixed, fixesWithheld: fixing?.withheld, ruleErrors, queried: [...queried], typesError, notAnalysed };
  }
}
