// `awaitwise check [PATH...]`: finds problems in files and folders, optionally fixing them.
import { ANALYSIS_HELP, ANALYSIS_OPTIONS, parseAnalysisOptions, type AnalysisOptions } from '../analysis-options';
import { analysePaths } from '../analyse-paths';
import { oneOf, parseCommandArgs } from '../args';
import { defineCommand } from '../command';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS } from '../exit-codes';
import { CHECK_FORMAT_NAMES, CHECK_FORMATS, type CheckFormat } from '../formats';
import { stdoutStyle } from '../style';

const NAME = 'check';

const HELP = `Usage: awaitwise check [options] [PATH...]

Checks Python, TypeScript and JavaScript files for async anti-patterns. Each PATH is a
file or a folder (default: the current folder). Folders are searched recursively; files
listed in .gitignore files inside them are left out, and so are dependency, virtualenv,
cache and build folders (node_modules, .venv, dist...). A file named explicitly is
always checked.

Options:
  --format FORMAT        Output format: text (default) or json
  --fix                  Apply the safe fixes, write the changed files, then report
                         what is left
${ANALYSIS_HELP}
  --exit-zero            Exit with 0 even when problems are found
  -h, --help             Show this help

Exit status:
  0  no problems found
  1  problems found
  2  usage error, or some paths could not be checked
`;

const OPTIONS = {
  ...ANALYSIS_OPTIONS,
  format: { type: 'string', default: 'text' },
  fix: { type: 'boolean', default: false },
  'exit-zero': { type: 'boolean', default: false },
} as const;

interface CheckOptions {
  paths: string[];
  format: CheckFormat;
  fix: boolean;
  exitZero: boolean;
  analysis: AnalysisOptions;
}

function parseCheckOptions(values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'], positionals: string[]): CheckOptions {
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf(NAME, '--format', values.format, CHECK_FORMAT_NAMES),
    fix: values.fix,
    exitZero: values['exit-zero'],
    analysis: parseAnalysisOptions(NAME, values),
  };
}

async function runCheck(options: CheckOptions): Promise<number> {
  const { files, log } = await analysePaths(NAME, options.paths, options.analysis, options.fix);
  process.stdout.write(CHECK_FORMATS[options.format]({ files }, stdoutStyle()));
  // An incomplete check must not pass for a clean one, whatever it found.
  if (log.failed) return EXIT_FAILURE;
  const found = files.some((file) => file.findings.length > 0);
  return found && !options.exitZero ? EXIT_FINDINGS : EXIT_CLEAN;
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
