// `awaitwise check [PATH...]`: finds problems in files and folders, optionally fixing them.
import { ANALYSIS_HELP, ANALYSIS_OPTIONS, parseAnalysisOptions, type AnalysisOptions } from '../analysis-options';
import { analysePaths } from '../analyse-paths';
import { oneOf, parseCommandArgs } from '../args';
import { checkExitCode } from '../check-outcome';
import { defineCommand } from '../command';
import { UsageError } from '../diagnostics';
import { EXIT_FAILURE } from '../exit-codes';
import { CHECK_FORMAT_NAMES, CHECK_FORMATS, STATISTICS_FORMATS, type CheckFormatter } from '../formats';
import { OUTPUT_HELP, OUTPUT_OPTIONS, reportOutput, type ReportOutput } from '../output';
import { keepErrorsOnly, type CheckReport } from '../report';

const NAME = 'check';

const HELP = `Usage: awaitwise check [options] [PATH...]

Checks Python, TypeScript and JavaScript files for async anti-patterns. Each PATH is a
file or a folder (default: the current folder). Folders are searched recursively; files
listed in .gitignore files inside them are left out, and so are dependency, virtualenv,
cache and build folders (node_modules, .venv, dist...). A file named explicitly is
always checked.

Options:
  --format FORMAT        Output format: text (default), json, sarif (SARIF 2.1.0, for
                         code scanning) or github (GitHub Actions annotations)
${OUTPUT_HELP}
  --statistics           Count the findings of each rule instead of listing them
                         (text and json formats only)
  --quiet                Report error findings only: the others are neither shown
                         nor counted, for the exit status either
  --max-warnings N       Fail on errors and on more than N warnings, but not on
                         information or hint findings
  --fix                  Apply the safe fixes, write the changed files, then report
                         what is left. Each file is replaced in one step, keeping its
                         mode, byte order mark and line ends; fixes that would break
                         its syntax are not written
${ANALYSIS_HELP}
  --exit-zero            Exit with 0 even when problems are found
  -h, --help             Show this help

Exit status:
  0  no problems found (with --max-warnings: no errors and at most N warnings)
  1  problems found (with --max-warnings: errors, or more than N warnings)
  2  usage error, some paths could not be checked, a fixed file could not be
     written, or the report could not be written
`;

const OPTIONS = {
  ...ANALYSIS_OPTIONS,
  ...OUTPUT_OPTIONS,
  format: { type: 'string', default: 'text' },
  statistics: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean', default: false },
  'exit-zero': { type: 'boolean', default: false },
} as const;

interface CheckOptions {
  paths: string[];
  render: CheckFormatter;
  output: ReportOutput;
  errorsOnly: boolean;
  maxWarnings?: number;
  fix: boolean;
  exitZero: boolean;
  analysis: AnalysisOptions;
}

type CheckValues = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function parseRender(values: CheckValues): CheckFormatter {
  const format = oneOf(NAME, '--format', values.format, CHECK_FORMAT_NAMES);
  if (!values.statistics) return CHECK_FORMATS[format];
  const render = STATISTICS_FORMATS[format];
  if (!render) throw new UsageError(`--statistics cannot be used with --format ${format}: it counts findings in the text and json formats only`, NAME);
  return render;
}

function parseMaxWarnings(values: CheckValues): number | undefined {
  const value = values['max-warnings'];
  if (value === undefined) return undefined;
  const limit = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(limit)) throw new UsageError(`invalid --max-warnings '${value}': expected a whole number, 0 or more`, NAME);
  // --exit-zero would make the limit pointless, which is likely a mistake in a CI script.
  if (values['exit-zero']) throw new UsageError('--max-warnings and --exit-zero cannot be used together', NAME);
  return limit;
}

function parseCheckOptions(values: CheckValues, positionals: string[]): CheckOptions {
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    render: parseRender(values),
    output: reportOutput(NAME, values['output-file']),
    errorsOnly: values.quiet,
    maxWarnings: parseMaxWarnings(values),
    fix: values.fix,
    exitZero: values['exit-zero'],
    analysis: parseAnalysisOptions(NAME, values),
  };
}

async function runCheck(options: CheckOptions): Promise<number> {
  const { files, rules, log } = await analysePaths(NAME, options.paths, options.analysis, options.fix);
  const report: CheckReport = {
    files: options.errorsOnly ? keepErrorsOnly(files) : files,
    rules,
    messages: log.messages,
    errorsOnly: options.errorsOnly,
    maxWarnings: options.maxWarnings,
  };
  const { output } = options;
  if (!(await output.write(options.render(report, output.style)))) return EXIT_FAILURE;
  return checkExitCode(report, options.exitZero);
}

export const checkCommand = defineCommand({
  name: NAME,
  summary: 'Check files and folders for async anti-patterns',
  help: HELP,
  options: OPTIONS,
  async run(values, positionals) {
    return runCheck(parseCheckOptions(values, positionals));
  },
});
