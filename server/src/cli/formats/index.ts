// Output formats of `awaitwise check`. A format turns the finished report into the text
// written to stdout or to --output-file; adding one means adding an entry here, and one in
// STATISTICS_FORMATS if it can show --statistics.
import type { CheckReport } from '../report';
import type { Style } from '../style';
import { formatGithub } from './github';
import { formatJson, formatJsonStatistics } from './json';
import { formatSarif } from './sarif';
import { formatText, formatTextStatistics } from './text';

export type CheckFormatter = (report: CheckReport, style: Style) => string;

export const CHECK_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} satisfies Record<string, CheckFormatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

export const CHECK_FORMAT_NAMES = Object.keys(CHECK_FORMATS) as CheckFormat[];

/** The formats that have a per-rule counts view (--statistics). */
export const STATISTICS_FORMATS: Partial<Record<CheckFormat, CheckFormatter>> = {
  text: formatTextStatistics,
  json: formatJsonStatistics,
};
