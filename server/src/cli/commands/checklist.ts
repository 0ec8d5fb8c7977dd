// `awaitwise checklist [PATH...]`: the async review checklist, decided from the findings in
// the given files, as text, Markdown (for a pull-request description) or JSON.
import { countChecklist } from '../../checklist/counts';
import { renderChecklistMarkdown } from '../../checklist/markdown';
import type { ChecklistReport } from '../../checklist/protocol';
import { checklistReport, decideChecklist } from '../../checklist/report';
import { ANALYSIS_HELP, ANALYSIS_OPTIONS, parseAnalysisOptions } from '../analysis-options';
import { analysePaths } from '../analyse-paths';
import { oneOf } from '../args';
import { formatChecklistText } from '../checklist-text';
import { defineCommand } from '../command';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS } from '../exit-codes';
import { OUTPUT_HELP, OUTPUT_OPTIONS, reportOutput } from '../output';
import type { Style } from '../style';

const NAME = 'checklist';

const HELP = `Usage: awaitwise checklist [options] [PATH...]

Prints the async code review checklist for the given files and folders (default: the
current folder), found the same way as 'awaitwise check' finds them. Items that the
analysis decides are marked pass or fail, with the number of findings; the others are
for a person to check. Items for languages that none of the files use are left out.

Options:
  --format FORMAT        text (default), markdown (a task list for a pull-request
                         description) or json
${OUTPUT_HELP}
${ANALYSIS_HELP}
  --exit-zero            Exit with 0 even when an item fails
  -h, --help             Show this help

Exit status:
  0  no item failed
  1  some item failed
  2  usage error, some paths could not be checked, or the report could not be written
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

const OPTIONS = {
  ...ANALYSIS_OPTIONS,
  ...OUTPUT_OPTIONS,
  format: { type: 'string', default: 'text' },
  'exit-zero': { type: 'boolean', default: false },
} as const;

function render(format: (typeof FORMATS)[number], report: ChecklistReport, style: Style): string {
  switch (format) {
    case 'text':
      return formatChecklistText(report, style);
    case 'markdown':
      return renderChecklistMarkdown(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

export const checklistCommand = defineCommand({
  name: NAME,
  summary: 'Print the async review checklist for files and folders',
  help: HELP,
  options: OPTIONS,
  async run(values, positionals) {
    const format = oneOf(NAME, '--format', values.format, FORMATS);
    const analysis = parseAnalysisOptions(NAME, values);
    const output = reportOutput(NAME, values['output-file']);
    const { files, languages, rules, log } = await analysePaths(NAME, positionals.length > 0 ? positionals : ['.'], analysis, false);
    const findings = files.flatMap((file) => file.findings);
    const report = checklistReport(decideChecklist(findings, { languages, enabledRules: new Set(rules.keys()) }));
    if (!(await output.write(render(format, report, output.style)))) return EXIT_FAILURE;
    if (log.failed) return EXIT_FAILURE;
    return countChecklist(report).failed > 0 && !values['exit-zero'] ? EXIT_FINDINGS : EXIT_CLEAN;
  },
});
