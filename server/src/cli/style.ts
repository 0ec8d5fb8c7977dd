// Terminal colours for the text report, used only when the reader is likely a person.

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  cyan(text: string): string;
}

/**
 * FORCE_COLOR wins (any value but `0`/`false` turns colour on), then NO_COLOR
 * (https://no-color.org) and TERM=dumb turn it off; otherwise colour when writing to a terminal.
 */
export function wantsColour(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTerminal;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const plain = (text: string): string => text;

export function createStyle(colour: boolean): Style {
  if (!colour) return { bold: plain, dim: plain, red: plain, yellow: plain, blue: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), blue: sgr(34, 39), cyan: sgr(36, 39) };
}

export function stdoutStyle(): Style {
  return createStyle(wantsColour(process.env, process.stdout.isTTY === true));
}
