// `awaitwise check [PATH...]`: finds problems in files and folders, optionally fixing them.
import { isDottedName, resolveRules } from '../../engine/config';
import { DEFAULT_SAFE_CALLS } from '../../engine/typescript/safe-calls';
import { initEngine } from '../../engine';
import type { PythonVersion } from '../../engine/types';
import { catalogMeta } from '../../rules';
import { listSourceFiles } from '../../workspace/files';
import { parsePythonVersion } from '../../workspace/python-version';
import { TYPE_AWARE_MODES, type TypeAwareMode } from '../../workspace/typescript-projects';
import { oneOf, parseCommandArgs, splitList } from '../args';
import { checkFile, type CheckSettings } from '../check-file';
import type { Command } from '../command';
import { RunLog, UsageError } from '../diagnostics';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS } from '../exit-codes';
import { CHECK_FORMAT_NAMES, CHECK_FORMATS, type CheckFormat } from '../formats';
import { displayPath } from '../paths';
import { indexCheckedFiles } from '../project';
import { CheckTypes } from '../type-checking';
import type { FileReport } from '../report';
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
  --select RULES         Check only these rules: comma-separated rule ids or peer codes
                         (ASYNC251, no-floating-promises...); 'all' selects every rule,
                         including those off by default
  --ignore RULES         Do not check these rules (same names as --select)
  --fix                  Apply the safe fixes, write the changed files, then report
                         what is left
  --python-version X.Y   Python version the code targets (default: the lower bound of
                         requires-python in the nearest pyproject.toml, else 3.11)
  --blocking-calls NAMES Python callables to report as blocking when called in async
                         code: comma-separated dotted names (mylib.fetch_sync,
                         legacy.Client.query); the option can be repeated
  --startable-functions NAMES
                         Python functions that take task_status and should be
                         started with 'await tg.start(...)': comma-separated names
                         or dotted names (serve_admin, myapp.net.serve); can be
                         repeated
  --type-aware MODE      When TS/JS files are type-checked: auto (default: files a
                         tsconfig.json or jsconfig.json includes), on (every file), or
                         off (syntax and the cross-file index only)
  --safe-calls NAMES     Calls whose promise may be left unawaited, replacing the
                         default (node:test's it, test, describe, suite): comma-
                         separated names such as node:test.it; can be repeated
  --exit-zero            Exit with 0 even when problems are found
  -h, --help             Show this help

Exit status:
  0  no problems found
  1  problems found
  2  usage error, or some paths could not be checked
`;

const OPTIONS = {
  format: { type: 'string', default: 'text' },
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  fix: { type: 'boolean', default: false },
  'python-version': { type: 'string' },
  'blocking-calls': { type: 'string', multiple: true },
  'startable-functions': { type: 'string', multiple: true },
  'type-aware': { type: 'string', default: 'auto' },
  'safe-calls': { type: 'string', multiple: true },
  'exit-zero': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface CheckOptions {
  paths: string[];
  format: CheckFormat;
  /** Undefined keeps the default rule set. */
  select?: string[];
  ignore: string[];
  fix: boolean;
  exitZero: boolean;
  pythonVersion?: PythonVersion;
  blockingCalls: string[];
  startableFunctions: string[];
  typeAware: TypeAwareMode;
  safeCalls: readonly string[];
}


function parsePythonVersionOption(value: string | undefined): PythonVersion | undefined {
  if (value === undefined) return undefined;
  const version = parsePythonVersion(value);
  if (!version || version.major !== 3) {
    throw new UsageError(`invalid --python-version '${value}': expected a Python 3 version such as 3.11`, NAME);
  }
  return version;
}

function parseDottedNames(flag: string, example: string, values: string[] | undefined): string[] {
  const names = splitList(values);
  const invalid = names.find((name) => !isDottedName(name));
  if (invalid !== undefined) throw new UsageError(`invalid ${flag} name '${invalid}': expected a dotted name such as ${example}`, NAME);
  return names;
}

function parseCheckOptions(values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'], positionals: string[]): CheckOptions {
  const select = values.select ? splitList(values.select) : undefined;
  if (select?.length === 0) throw new UsageError('--select needs at least one rule name', NAME);
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf(NAME, '--format', values.format, CHECK_FORMAT_NAMES),
    select,
    ignore: splitList(values.ignore),
    fix: values.fix,
    exitZero: values['exit-zero'],
    pythonVersion: parsePythonVersionOption(values['python-version']),
    blockingCalls: parseDottedNames('--blocking-calls', 'mylib.fetch_sync', values['blocking-calls']),
    startableFunctions: parseDottedNames('--startable-functions', 'myapp.serve', values['startable-functions']),
    typeAware: oneOf(NAME, '--type-aware', values['type-aware'], TYPE_AWARE_MODES),
    safeCalls: values['safe-calls'] ? splitList(values['safe-calls']) : DEFAULT_SAFE_CALLS,
  };
}

async function runCheck(options: CheckOptions): Promise<number> {
  const { rules, unknown } = resolveRules({ select: options.select, ignore: options.ignore }, catalogMeta);
  if (unknown.length > 0) {
    const names = unknown.map((name) => `'${name}'`).join(', ');
    throw new UsageError(`unknown rule ${unknown.length === 1 ? 'name' : 'names'} ${names}`, NAME, "run 'awaitwise rules' to list the rules");
  }
  const settings: CheckSettings = {
    rules,
    pythonVersion: options.pythonVersion,
    blockingCalls: options.blockingCalls,
    startableFunctions: options.startableFunctions,
    safeCalls: options.safeCalls,
    types: new CheckTypes(options.typeAware),
    fix: options.fix,
  };
  const log = new RunLog();

  const listing = await listSourceFiles(options.paths);
  for (const problem of listing.problems) log.error(`cannot read ${displayPath(problem.path)}: ${problem.reason}`);
  for (const skipped of listing.skipped) log.note(`skipped ${displayPath(skipped.path)}: ${skipped.reason}`);
  if (listing.files.length === 0 && !log.failed) log.note('found no Python, TypeScript or JavaScript files to check');
  if (listing.files.some((file) => file.language === 'python')) await initEngine();

  // Two phases: every file's coroutine functions are known before the first file is analysed.
  const project = await indexCheckedFiles(listing.files);
  settings.types.prepare(listing.files.filter((file) => file.language !== 'python').map((file) => file.path));
  const files: FileReport[] = [];
  for (const file of listing.files) {
    const report = await checkFile(file, settings, project, log);
    if (report) files.push(report);
  }
  process.stdout.write(CHECK_FORMATS[options.format]({ files }, stdoutStyle()));

  // An incomplete check must not pass for a clean one, whatever it found.
  if (log.failed) return EXIT_FAILURE;
  const found = files.some((file) => file.findings.length > 0);
  return found && !options.exitZero ? EXIT_FINDINGS : EXIT_CLEAN;
}

export const checkCommand: Command = {
  name: NAME,
  summary: 'Check files and folders for async anti-patterns',
  async run(args) {
    const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS);
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT_CLEAN;
    }
    return runCheck(parseCheckOptions(values, positionals));
  },
};
