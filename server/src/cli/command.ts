// The shape every subcommand shares, so the entry point can list and dispatch them, and the
// argument parsing and `--help` handling they all do the same way.
import { parseCommandArgs, type OptionSpecs } from './args';
import { UsageError } from './diagnostics';
import { EXIT_CLEAN } from './exit-codes';

export interface Command {
  name: string;
  /** One line for the overall help. */
  summary: string;
  /** Resolves to the process exit code; throws `UsageError` for bad arguments. */
  run(args: string[]): Promise<number>;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

type ParsedValues<O extends OptionSpecs> = ReturnType<typeof parseCommandArgs<O & typeof HELP_OPTION>>['values'];

export interface CommandSpec<O extends OptionSpecs> {
  name: string;
  summary: string;
  /** Printed for `-h`/`--help`, which every command takes. */
  help: string;
  options: O;
  /** False for commands that take no arguments besides options: any is a usage error. */
  positionals?: boolean;
  run(values: ParsedValues<O>, positionals: string[]): Promise<number>;
}

export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    async run(args) {
      // parseArgs cannot infer through a spread of a generic: its result is typed here instead.
      const parsed = parseCommandArgs(spec.name, args, { ...spec.options, ...HELP_OPTION }) as unknown as {
        values: ParsedValues<O> & { help: boolean };
        positionals: string[];
      };
      const { values, positionals } = parsed;
      if (values.help) {
        process.stdout.write(spec.help);
        return EXIT_CLEAN;
      }
      if (spec.positionals === false && positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, spec.name);
      return spec.run(values, positionals);
    },
  };
}
