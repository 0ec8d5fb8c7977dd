// Entry point of the `awaitwise` command: picks the subcommand and turns its outcome into
// an exit code. Usage errors and crashes both end in one `awaitwise: error:` line.
import { version } from '../../../package.json';
import type { Command } from './command';
import { checkCommand } from './commands/check';
import { checklistCommand } from './commands/checklist';
import { explainCommand } from './commands/explain';
import { initCommand } from './commands/init';
import { rulesCommand } from './commands/rules';
import { printError, printUsageError, UsageError } from './diagnostics';
import { EXIT_CLEAN, EXIT_FAILURE } from './exit-codes';

const COMMANDS: readonly Command[] = [checkCommand, checklistCommand, rulesCommand, explainCommand, initCommand];

function overallHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const commands = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `awaitwise ${version}: finds async anti-patterns in Python (asyncio, AnyIO, trio)
and TypeScript/JavaScript (promises, Node.js).

Usage: awaitwise <command> [options]

Commands:
${commands}

Options:
  -h, --help      Show this help; after a command, that command's help
  -V, --version   Show the version

Run 'awaitwise <command> --help' for a command's options.
`;
}

async function main(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    process.stderr.write(overallHelp());
    return EXIT_FAILURE;
  }
  if (first === '-h' || first === '--help') {
    process.stdout.write(overallHelp());
    return EXIT_CLEAN;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`awaitwise ${version}\n`);
    return EXIT_CLEAN;
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (!command) throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) printUsageError(error);
    else printError(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT_FAILURE;
  },
);
