// Where a command's report goes: standard output, coloured when a person is likely reading,
// or the file named by --output-file, never coloured since no terminal will read it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeFsError } from '../workspace/files';
import { printError, UsageError } from './diagnostics';
import { displayPath } from './paths';
import { createStyle, stdoutStyle, type Style } from './style';

export const OUTPUT_OPTIONS = {
  'output-file': { type: 'string' },
} as const;

export const OUTPUT_HELP = `  --output-file PATH     Write the report to PATH instead of standard output (never
                         coloured); missing folders are created`;

export interface ReportOutput {
  style: Style;
  /** False when the report could not be written; the reason is printed. */
  write(report: string): Promise<boolean>;
}

async function writeReportFile(path: string, report: string): Promise<boolean> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, report, 'utf8');
    return true;
  } catch (error) {
    // Creating the folders fails with EEXIST where a file stands in their way.
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a parent is not a directory' : describeFsError(error);
    printError(`cannot write the report to ${displayPath(path)}: ${reason}`);
    return false;
  }
}

/** `outputFile` is the value of --output-file, if given. */
export function reportOutput(command: string, outputFile: string | undefined): ReportOutput {
  if (outputFile === undefined) {
    return {
      style: stdoutStyle(),
      async write(report) {
        process.stdout.write(report);
        return true;
      },
    };
  }
  if (outputFile === '') throw new UsageError('--output-file needs a path', command);
  const path = resolve(outputFile);
  return { style: createStyle(false), write: (report) => writeReportFile(path, report) };
}
