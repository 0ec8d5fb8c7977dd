// Command-line parsing on top of node's parseArgs, with messages in this tool's voice.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './diagnostics';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/**
 * Catches what strict parsing would reject, naming the offending option. A string option
 * must not swallow the next option as its value (`--format --fix`).
 */
function rejectMalformed(command: string, args: string[], options: OptionSpecs): void {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(`unknown option '${token.rawName}'`, command);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`option '${token.rawName}' takes no value`, command);
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`option '${token.rawName}' needs a value`, command);
    }
  }
}

export function parseCommandArgs<const O extends OptionSpecs>(command: string, args: string[], options: O) {
  rejectMalformed(command, args, options);
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

/** Comma-separated values, from one or several occurrences of an option. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item.length > 0);
}

/** The value if it is one of `choices`, else a usage error listing them. */
export function oneOf<T extends string>(command: string, option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  const expected = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}` : choices[0];
  throw new UsageError(`invalid ${option} '${value}': expected ${expected}`, command);
}
