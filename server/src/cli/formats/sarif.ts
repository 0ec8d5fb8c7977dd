// `--format sarif`: a SARIF 2.1.0 log for code-scanning services such as GitHub code
// scanning. Files under the working directory are named relative to %SRCROOT%, so the log
// reads the same wherever the checkout is; the run records where that root was.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { repository, version } from '../../../../package.json';
import { renderRulePage, renderTerminal } from '../../docs/render';
import type { RuleMeta } from '../../engine/rule';
import { safeFixOf } from '../../engine/fixes';
import type { Finding, Fix, Range, Severity } from '../../engine/types';
import { catalogMeta, ruleDocsUrl } from '../../rules';
import { isComplete, summarise, type CheckReport } from '../report';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const SOURCE_ROOT = '%SRCROOT%';

const LEVEL: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** SARIF's friendly rule name: the id in PascalCase (`blocking-sleep` → `BlockingSleep`). */
function ruleName(id: string): string {
  return id.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase());
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.summary },
    help: { text: renderTerminal(meta), markdown: renderRulePage(meta) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: [...meta.languages], peerCodes: meta.aliases, fixable: meta.fixable },
  };
}

/** 1-based, end column exclusive, in UTF-16 code units as the run's columnKind says. */
function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** `path` as reports show it: relative to `cwd`, forward slashes. */
function artifactLocation(path: string, cwd: string): Sarif.ArtifactLocation {
  // A file outside the working directory has no place under %SRCROOT%.
  if (path === '..' || path.startsWith('../') || isAbsolute(path)) return { uri: pathToFileURL(resolve(cwd, path)).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function sarifFix(fix: Fix, artifact: Sarif.ArtifactLocation): Sarif.Fix {
  const replacements = fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } }));
  return { description: { text: fix.title }, artifactChanges: [{ artifactLocation: artifact, replacements }] };
}

function sarifResult(finding: Finding, artifact: Sarif.ArtifactLocation, ruleIndex: number | undefined): Sarif.Result {
  const fix = safeFixOf(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(finding.range) } }],
    relatedLocations:
      finding.related.length > 0
        ? finding.related.map((related, index) => ({
            id: index + 1,
            physicalLocation: { artifactLocation: artifact, region: region(related.range) },
            message: { text: related.message },
          }))
        : undefined,
    fixes: fix ? [sarifFix(fix, artifact)] : undefined,
  };
}

/** Where the run's severities differ from the catalog's defaults. */
function configurationOverrides(report: CheckReport, rules: readonly RuleMeta[]): Sarif.ConfigurationOverride[] {
  return rules.flatMap((meta, index) => {
    const severity = report.rules.get(meta.id);
    if (severity === undefined || severity === meta.severity) return [];
    return [{ descriptor: { id: meta.id, index }, configuration: { level: LEVEL[severity] } }];
  });
}

/** What --fix wrote, in the JSON report's terms; SARIF has no place of its own for it. */
function fixProperties(report: CheckReport): Sarif.PropertyBag | undefined {
  const { fixesApplied, fixedFiles } = summarise(report);
  return fixesApplied > 0 ? { fixesApplied, fixedFiles } : undefined;
}

function invocation(report: CheckReport, rules: readonly RuleMeta[]): Sarif.Invocation {
  const notifications = report.messages.map((message): Sarif.Notification => ({ level: message.level, message: { text: message.text } }));
  const overrides = configurationOverrides(report, rules);
  return {
    executionSuccessful: isComplete(report),
    toolExecutionNotifications: notifications.length > 0 ? notifications : undefined,
    ruleConfigurationOverrides: overrides.length > 0 ? overrides : undefined,
    properties: fixProperties(report),
  };
}

/** The log for a finished check; `cwd` is the folder the report's paths are relative to. */
export function sarifLog(report: CheckReport, cwd: string): Sarif.Log {
  const findings = report.files.flatMap((file) => file.findings.map((finding) => ({ file, finding })));
  // The rules the run enabled, and any other that reported (so every result has its rule).
  const reported = new Set([...report.rules.keys(), ...findings.map(({ finding }) => finding.ruleId)]);
  const rules = catalogMeta.filter((meta) => reported.has(meta.id)).sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(rules.map((meta, index) => [meta.id, index]));
  const root = pathToFileURL(cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Awaitwise',
            version,
            semanticVersion: version,
            informationUri: repository.url,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [invocation(report, rules)],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results: findings.map(({ file, finding }) => sarifResult(finding, artifactLocation(file.path, cwd), ruleIndex.get(finding.ruleId))),
      },
    ],
  };
}

export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(sarifLog(report, process.cwd()), null, 2)}\n`;
}
