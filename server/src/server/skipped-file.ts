// The notice an open document gets when it is not analysed at all, because engine/skip.ts
// skips it or the engine cannot follow it (code nested too deep): one information diagnostic
// on its first line, saying why and what would change it.
import type { SkipReason } from '../engine/index';
import type { AnalysisNotice } from './diagnostics';

/** The notice's diagnostic code: a contract, like a rule id, that clients and users may filter on. */
export const FILE_SKIPPED_CODE = 'file-skipped';

/** The README section that says which files are skipped and why. */
const SKIPPED_FILES_DOCS_URL = 'https://github.com/awaitwise/awaitwise/blob/main/README.md#reliability';

const REMEDIES: Readonly<Record<SkipReason['kind'], string>> = {
  'too-large': 'Raise the "awaitwise.maxFileSize" setting (0 for no limit) to analyse it.',
  minified: 'Analyse the source it was built from instead.',
  generated: 'Problems in generated code are fixed in its generator or its input.',
};

export function skippedFileNotice(reason: SkipReason): AnalysisNotice {
  return {
    code: FILE_SKIPPED_CODE,
    message: `Awaitwise does not analyse this file: ${reason.message}. ${REMEDIES[reason.kind]}`,
    href: SKIPPED_FILES_DOCS_URL,
  };
}

/** For a file the engine gave up on (`AnalyzeOptions.onNotAnalysed`); same code: the file has no findings. */
export function notAnalysedNotice(reason: string): AnalysisNotice {
  return {
    code: FILE_SKIPPED_CODE,
    message: `Awaitwise could not analyse this file: ${reason}. Its problems are not shown.`,
    href: SKIPPED_FILES_DOCS_URL,
  };
}
