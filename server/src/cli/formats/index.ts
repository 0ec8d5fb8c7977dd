// Output formats of `awaitwise check`. A format turns the finished report into the text
// written to stdout; adding one (SARIF, GitHub annotations...) means adding an entry here.
import type { CheckReport } from '../report';
import type { Style } from '../style';
import { formatJson } from './json';
import { formatText } from './text';

export type CheckFormatter = (report: CheckReport, style: Style) => string;

export const CHECK_FORMATS = {
  text: formatText,
  json: formatJson,
} satisfies Record<string, CheckFormatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

export const CHECK_FORMAT_NAMES = Object.keys(CHECK_FORMATS) as CheckFormat[];
