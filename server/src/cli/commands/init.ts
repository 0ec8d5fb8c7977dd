// `awaitwise init`: writes a starter configuration in the current folder, appended to
// pyproject.toml as a [tool.awaitwise] table, or as awaitwise.json. It never replaces anything:
// a folder that already has a configuration is left as it is.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { CONFIG_JSON_NAME, PYPROJECT_NAME } from '../../config/discovery';
import { parseConfigText } from '../../config/parse';
import { STARTER_JSON, STARTER_TOML } from '../../config/starter';
import { describeFsError } from '../../workspace/files';
import { oneOf } from '../args';
import { defineCommand } from '../command';
import { UsageError } from '../diagnostics';
import { EXIT_CLEAN } from '../exit-codes';

const NAME = 'init';

const HELP = `Usage: awaitwise init [--format toml|json]

Writes a starter configuration in the current folder: a [tool.awaitwise] table that
explains every option in comments, at the end of pyproject.toml when there is one, else
awaitwise.json, whose schema explains them in the editor. As written, it changes nothing.
Nothing else in pyproject.toml changes, and nothing is overwritten: if the folder already
has a configuration, init stops.

Options:
  --format FORMAT   toml: append to pyproject.toml (created if missing); json: write
                    awaitwise.json. Default: toml when pyproject.toml exists, else json
  -h, --help        Show this help
`;

const OPTIONS = {
  format: { type: 'string' },
} as const;

const FORMATS = ['toml', 'json'] as const;

/** Stops when the folder already has a configuration, which the new one would clash with. */
function refuseIfConfigured(folder: string): void {
  if (existsSync(join(folder, CONFIG_JSON_NAME))) {
    throw new UsageError(`${CONFIG_JSON_NAME} already exists here`, NAME, 'edit it instead');
  }
  const pyproject = join(folder, PYPROJECT_NAME);
  if (!existsSync(pyproject)) return;
  let configured: boolean;
  try {
    configured = parseConfigText(pyproject, readFileSync(pyproject, 'utf8')) !== undefined;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`cannot add to ${error.describe(PYPROJECT_NAME)}`, NAME, 'fix it first');
    throw new UsageError(`cannot read ${PYPROJECT_NAME}: ${describeFsError(error)}`, NAME);
  }
  if (configured) throw new UsageError(`${PYPROJECT_NAME} already has a [tool.awaitwise] table`, NAME, 'edit it instead');
}

/** Appends the table after a blank line, in the file's own line endings. */
function appendToPyproject(path: string): string {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith(`${newline}${newline}`) ? '' : text.endsWith(newline) ? newline : newline + newline;
  const table = STARTER_TOML.replaceAll('\n', newline);
  if (text === '') writeFileSync(path, table, { flag: 'wx' });
  else appendFileSync(path, separator + table);
  return table;
}

export const initCommand = defineCommand({
  name: NAME,
  summary: 'Write a starter configuration file in the current folder',
  help: HELP,
  options: OPTIONS,
  positionals: false,
  async run(values) {
    const folder = process.cwd();
    const pyproject = join(folder, PYPROJECT_NAME);
    const format = values.format === undefined ? (existsSync(pyproject) ? 'toml' : 'json') : oneOf(NAME, '--format', values.format, FORMATS);
    refuseIfConfigured(folder);
    try {
      if (format === 'json') {
        writeFileSync(join(folder, CONFIG_JSON_NAME), STARTER_JSON, { flag: 'wx' });
        process.stdout.write(`Wrote ${CONFIG_JSON_NAME}:\n\n${STARTER_JSON}`);
      } else {
        const existed = existsSync(pyproject);
        const table = appendToPyproject(pyproject);
        process.stdout.write(`${existed ? 'Added to' : 'Created'} ${PYPROJECT_NAME}:\n\n${table}`);
      }
    } catch (error) {
      throw new UsageError(`cannot write the configuration: ${describeFsError(error)}`, NAME);
    }
    return EXIT_CLEAN;
  },
});
