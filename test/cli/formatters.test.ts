// The report formatters as pure functions, on reports built by hand: the cases a real run
// rarely produces (line breaks in messages, related locations, changed severities).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../../server/src/engine/types';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/cli/formats/github';
import { sarifLog } from '../../server/src/cli/formats/sarif';
import { formatText, formatTextStatistics } from '../../server/src/cli/formats/text';
import { ruleStatistics, type CheckReport } from '../../server/src/cli/report';
import { createStyle } from '../../server/src/cli/style';
import { formatTable } from '../../server/src/cli/table';

function finding(ruleId: string, severity: Severity, message: string, [line, character, endLine, endCharacter]: number[]): Finding {
  return { ruleId, severity, message, range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, fixes: [], related: [] };
}

/** The log as written: what JSON leaves of it (no undefined properties). */
function writtenSarif(checkReport: CheckReport, cwd: string): Sarif.Log {
  return JSON.parse(JSON.stringify(sarifLog(checkReport, cwd))) as Sarif.Log;
}

function report(files: Record<string, Finding[]>, extra: Partial<CheckReport> = {}): CheckReport {
  return {
    files: Object.entries(files).map(([path, findings]) => ({ path, findings, fixesApplied: 0 })),
    rules: new Map<string, Severity>([['blocking-sleep', 'error']]),
    messages: [],
    errorsOnly: false,
    ...extra,
  };
}

describe('GitHub workflow commands', () => {
  test('escaping: data keeps , and : but not % CR LF; properties escape all five', () => {
    assert.equal(escapeData('50% done,\r\nnext: go'), '50%25 done,%0D%0Anext: go');
    assert.equal(escapeProperty('a,b:c%d\ne'), 'a%2Cb%3Ac%25d%0Ae');
  });

  test('a message with a line break stays one command; a finding over several lines has no columns', () => {
    const text = formatGithub(
      report({
        'app/x,y.py': [
          finding('blocking-sleep', 'error', 'first line\nsecond: 100%', [3, 4, 3, 17]),
          finding('dangling-task', 'hint', 'spans lines', [6, 4, 8, 5]),
          finding('long-sleep', 'information', 'note this', [9, 0, 9, 1]),
          finding('missing-timeout', 'warning', 'w', [10, 2, 10, 3]),
        ],
      }),
    );
    assert.equal(
      text,
      [
        '::error file=app/x%2Cy.py,line=4,col=5,endLine=4,endColumn=18,title=Awaitwise (blocking-sleep)::first line%0Asecond: 100%25',
        '::notice file=app/x%2Cy.py,line=7,endLine=9,title=Awaitwise (dangling-task)::spans lines',
        '::notice file=app/x%2Cy.py,line=10,col=1,endLine=10,endColumn=2,title=Awaitwise (long-sleep)::note this',
        '::warning file=app/x%2Cy.py,line=11,col=3,endLine=11,endColumn=4,title=Awaitwise (missing-timeout)::w',
        '',
      ].join('\n'),
    );
  });
});

describe('SARIF log', () => {
  test('related locations, levels, and the run messages as notifications', () => {
    const sleep = finding('blocking-sleep', 'error', 'blocked', [0, 0, 0, 5]);
    sleep.related.push({ range: { start: { line: 2, character: 1 }, end: { line: 2, character: 4 } }, message: 'started here' });
    const log = writtenSarif(
      report({ 'a.py': [sleep, finding('zero-sleep', 'hint', 'h', [1, 0, 1, 1]), finding('long-sleep', 'information', 'i', [1, 0, 1, 1])] }, {
        messages: [
          { level: 'note', text: 'skipped big.py: too large' },
          { level: 'error', text: 'cannot read gone.py: no such file or directory' },
        ],
      }),
      '/work/project',
    );
    const [run] = log.runs;
    assert.deepEqual(run.results?.map((result) => result.level), ['error', 'note', 'note']);
    assert.deepEqual(run.results?.[0].relatedLocations, [
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'a.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 2, endLine: 3, endColumn: 5 } },
        message: { text: 'started here' },
      },
    ]);
    assert.equal(run.results?.[1].relatedLocations, undefined);
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'note', message: { text: 'skipped big.py: too large' } },
          { level: 'error', message: { text: 'cannot read gone.py: no such file or directory' } },
        ],
      },
    ]);
    // Rules that reported without being in the run's set still get a descriptor.
    assert.deepEqual(run.tool.driver.rules?.map((rule) => rule.id), ['blocking-sleep', 'long-sleep', 'zero-sleep']);
    assert.deepEqual(run.results?.map((result) => result.ruleIndex), [0, 2, 1]);
  });

  test('a severity changed from the default is recorded as an override', () => {
    const rules = new Map<string, Severity>([['blocking-sleep', 'warning'], ['zero-sleep', 'hint']]);
    const [run] = writtenSarif(report({}, { rules }), '/work/project').runs;
    assert.equal(run.tool.driver.rules?.[0].defaultConfiguration?.level, 'error');
    assert.deepEqual(run.invocations?.[0].ruleConfigurationOverrides, [{ descriptor: { id: 'blocking-sleep', index: 0 }, configuration: { level: 'warning' } }]);
    assert.deepEqual(run.results, []);
  });

  test('files outside the working directory get absolute URIs; the root URI ends in one slash', { skip: process.platform === 'win32' }, () => {
    const [run] = writtenSarif(report({ '../lib/util.py': [finding('blocking-sleep', 'error', 'm', [0, 0, 0, 1])] }), '/').runs;
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///' } });
    assert.deepEqual(run.results?.[0].locations?.[0].physicalLocation?.artifactLocation, { uri: 'file:///lib/util.py' });
  });
});

describe('statistics', () => {
  test('counts per rule and severity, most first, then by id', () => {
    const statistics = ruleStatistics(
      report({
        'a.py': [
          finding('zero-sleep', 'hint', 'm', [0, 0, 0, 1]),
          finding('blocking-sleep', 'error', 'm', [1, 0, 1, 1]),
          finding('zero-sleep', 'hint', 'm', [2, 0, 2, 1]),
          finding('blocking-sleep', 'warning', 'm', [3, 0, 3, 1]),
        ],
      }),
    );
    assert.deepEqual(
      statistics.map((row) => `${row.count} ${row.rule} ${row.severity} ${row.peerCodes.join('+')}`),
      ['2 zero-sleep hint ASYNC115', '1 blocking-sleep error ASYNC251', '1 blocking-sleep warning ASYNC251'],
    );
  });

  test('text with --quiet counts errors; nothing found prints the summary alone', () => {
    assert.equal(formatTextStatistics(report({ 'a.py': [] }, { errorsOnly: true }), createStyle(false)), 'No errors found in 1 file.\n');
  });

  test('tables pad columns to the widest cell, numbers to the right', () => {
    assert.deepEqual(formatTable([['N', 'NAME', 'X'], ['10', 'a', ''], ['2', 'longer', '']], [0]), [' N  NAME    X', '10  a', ' 2  longer']);
  });
});

describe('what --fix changed, in each format', () => {
  const sleep = finding('blocking-sleep', 'error', 'blocked', [0, 0, 0, 5]);
  const zero = finding('zero-sleep', 'hint', 'zero', [1, 0, 1, 1]);
  const fixed = (files: [string, Finding[], number][], extra: Partial<CheckReport> = {}): CheckReport =>
    report({}, { files: files.map(([path, findings, fixesApplied]) => ({ path, findings, fixesApplied })), ...extra });
  const textLines = (checkReport: CheckReport) => formatText(checkReport, createStyle(false)).split('\n');

  test('text: a line per file fixed first, and a summary of what was fixed and what remains', () => {
    const lines = textLines(fixed([['a.py', [], 2], ['b.py', [sleep], 1], ['c.py', [zero], 0]]));
    assert.deepEqual(lines.slice(0, 3), ['Applied 2 fixes to a.py.', 'Applied 1 fix to b.py.', 'b.py:1:1: error [blocking-sleep] blocked']);
    assert.deepEqual(lines.slice(-3), ['', 'Fixed 3 problems in 2 files; 2 problems remain in 2 files.', '']);
  });

  test('text: when nothing remains, and with --quiet, which counts the errors left but every fix', () => {
    assert.deepEqual(textLines(fixed([['a.py', [], 1]])), ['Applied 1 fix to a.py.', 'Fixed 1 problem in 1 file; no problems remain.', '']);
    assert.equal(textLines(fixed([['a.py', [], 2], ['b.py', [sleep], 0]], { errorsOnly: true })).at(-2), 'Fixed 2 problems in 1 file; 1 error remains in 1 file.');
  });

  test("SARIF: the counts in the invocation's properties, as in the JSON summary", () => {
    const [run] = writtenSarif(fixed([['a.py', [], 2], ['b.py', [sleep], 1], ['c.py', [], 0]]), '/work/project').runs;
    assert.deepEqual(run.invocations?.[0].properties, { fixesApplied: 3, fixedFiles: [{ path: 'a.py', fixes: 2 }, { path: 'b.py', fixes: 1 }] });
  });

  test('GitHub: a notice on each file fixed, before the annotations of what remains', () => {
    const lines = formatGithub(fixed([['a,b.py', [], 2], ['c.py', [sleep], 1]])).split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      '::notice file=a%2Cb.py,title=Awaitwise (--fix)::Applied 2 fixes to this file.',
      '::notice file=c.py,title=Awaitwise (--fix)::Applied 1 fix to this file.',
    ]);
    assert.match(lines[2], /^::error file=c\.py,line=1,/);
  });
});
