// The machine formats of `awaitwise check` (SARIF for code scanning, GitHub workflow commands)
// and --statistics, from the built CLI over small trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import multitoolPath from '@microsoft/sarif-multitool';
import type * as Sarif from 'sarif';
import { repository, version } from '../../package.json';
import { catalogMeta, ruleById, ruleDocsUrl } from '../../server/src/rules';
import { tempTree } from '../helpers/temp-tree';
import { parseReport, runCli, SOURCES } from './harness';
import { SEVERITY_SOURCES } from './severity-sources';

/** One finding of each severity and language, over four files. */
const TREE = {
  'src/loop.py': SEVERITY_SOURCES.twoWarnings,
  'src/poll.py': SEVERITY_SOURCES.error,
  'src/sleeps.py': SEVERITY_SOURCES.hintAndInformation,
  'web/handler.ts': SOURCES.floatingPromise,
};

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function parseSarif(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

/**
 * The validator's rule SARIF2006 fetches every help URI, which is slow or hangs without a
 * network, and only ever reports notes; the rest run at their default levels.
 */
const VALIDATOR_POLICY = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`;

/**
 * Runs Microsoft's SARIF validator with the SARIF rules and GitHub's ingestion rules over
 * `logs` (name -> SARIF text) in one go, and returns each log's error-level messages.
 */
function validatorErrors(logs: Record<string, string>): Map<string, string[]> {
  const dir = tempTree({ 'policy.xml': VALIDATOR_POLICY, ...Object.fromEntries(Object.entries(logs).map(([name, text]) => [`${name}.sarif`, text])) });
  const out = join(dir, 'validation', 'result.sarif');
  mkdirSync(join(dir, 'validation'));
  const inputs = Object.keys(logs).map((name) => join(dir, `${name}.sarif`));
  const args = ['validate', ...inputs, '--output', out, '--rule-kind', 'Gh;Sarif', '--config', join(dir, 'policy.xml')];
  // The native executable, not the package's bin script, which passes arguments through a shell.
  const run = spawnSync(multitoolPath, args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `the validator failed to run:\n${run.stdout}\n${run.stderr}`);
  const validation = parseSarif(readFileSync(out, 'utf8'));
  const errors = new Map(Object.keys(logs).map((name) => [name, [] as string[]]));
  for (const result of validation.runs[0].results ?? []) {
    if (result.level !== 'error') continue;
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    const name = Object.keys(logs).find((candidate) => uri.endsWith(`/${candidate}.sarif`));
    assert.ok(name, `a validator error about an unknown file: ${uri}`);
    errors.get(name)!.push(`${result.ruleId}: ${result.message.text ?? result.message.id}`);
  }
  return errors;
}

describe('awaitwise check --format sarif', () => {
  test('describes the tool, the enabled rules and every finding as the JSON report does', () => {
    const root = tempTree(TREE);
    const run = runCli(['check', '--format', 'sarif'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const log = parseSarif(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;

    const { driver } = sarifRun.tool;
    assert.equal(driver.name, 'Awaitwise');
    assert.equal(driver.version, version);
    assert.equal(driver.semanticVersion, version);
    assert.equal(driver.informationUri, repository.url);
    const enabled = catalogMeta.filter((meta) => meta.enabledByDefault).map((meta) => meta.id).sort();
    assert.deepEqual(driver.rules?.map((rule) => rule.id), enabled);

    const sleep = driver.rules!.find((rule) => rule.id === 'blocking-sleep')!;
    const meta = ruleById.get('blocking-sleep')!.meta;
    assert.equal(sleep.name, 'BlockingSleep');
    assert.equal(sleep.shortDescription?.text, meta.title);
    assert.equal(sleep.fullDescription?.text, meta.docs.summary);
    assert.equal(sleep.helpUri, ruleDocsUrl('blocking-sleep'));
    assert.ok(sleep.help?.text.includes(meta.docs.why));
    assert.match(sleep.help?.markdown ?? '', /^# blocking-sleep\n[\s\S]*## Why is this bad\?/);
    assert.equal(sleep.defaultConfiguration?.level, 'error');
    assert.deepEqual(sleep.properties, { tags: ['python', 'typescript', 'javascript'], peerCodes: ['ASYNC251'], fixable: true });
    assert.equal(driver.rules!.find((rule) => rule.id === 'zero-sleep')?.defaultConfiguration?.level, 'note');

    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.deepEqual(sarifRun.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(realpathSync(root)).href}/` } });
    assert.deepEqual(sarifRun.invocations, [{ executionSuccessful: true }]);

    const results = sarifRun.results ?? [];
    const json = parseReport(runCli(['check', '--format', 'json'], { cwd: root }));
    assert.deepEqual(
      results.map((result) => {
        const { artifactLocation, region } = result.locations![0].physicalLocation!;
        assert.equal(artifactLocation?.uriBaseId, '%SRCROOT%');
        assert.equal(driver.rules![result.ruleIndex!].id, result.ruleId, 'ruleIndex points at the rule');
        return [artifactLocation?.uri, region?.startLine, region?.startColumn, region?.endLine, region?.endColumn, result.ruleId, result.level, result.message.text];
      }),
      json.findings.map((finding) => [finding.path, finding.line, finding.column, finding.endLine, finding.endColumn, finding.rule, SARIF_LEVEL[finding.severity], finding.message]),
    );
    assert.deepEqual(
      [...new Set(results.map((result) => `${result.ruleId} ${result.level}`))],
      ['deprecated-get-event-loop warning', 'blocking-sleep error', 'zero-sleep note', 'long-sleep note', 'floating-promise error'],
    );
  });

  test('a safe fix becomes a SARIF fix with the same edits', () => {
    const run = runCli(['check', '--format', 'sarif'], { cwd: tempTree({ 'poll.py': SEVERITY_SOURCES.error }) });
    const [result] = parseSarif(run.stdout).runs[0].results!;
    assert.deepEqual(result.fixes, [
      {
        description: { text: "Replace with 'await asyncio.sleep(...)'" },
        artifactChanges: [
          {
            artifactLocation: { uri: 'poll.py', uriBaseId: '%SRCROOT%' },
            replacements: [
              { deletedRegion: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 15 }, insertedContent: { text: 'await asyncio.sleep' } },
              { deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 }, insertedContent: { text: 'import asyncio\n' } },
            ],
          },
        ],
      },
    ]);
  });

  test('an incomplete run says so in its invocation; paths are percent-encoded', () => {
    const root = tempTree({ 'odd name#1.py': SEVERITY_SOURCES.error });
    const run = runCli(['check', '--format', 'sarif', '.', 'missing.py'], { cwd: root });
    assert.equal(run.status, 2);
    const [sarifRun] = parseSarif(run.stdout).runs;
    assert.deepEqual(sarifRun.invocations, [
      { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'cannot read missing.py: no such file or directory' } }] },
    ]);
    assert.equal(sarifRun.results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri, 'odd%20name%231.py');
  });

  test("Microsoft's validator, with GitHub's ingestion rules, finds no error in what we write", () => {
    const root = tempTree({ ...TREE, 'other/outside.py': SEVERITY_SOURCES.error, 'repo/keep.py': SOURCES.clean });
    // Every rule's descriptor once; the other logs describe one rule, which keeps this quick.
    const full = runCli(['check', '--format', 'sarif', '--select', 'all'], { cwd: root }).stdout;
    const oneRule = ['check', '--format', 'sarif', '--select', 'blocking-sleep'];
    const incomplete = runCli([...oneRule, 'src', 'missing.py'], { cwd: root }).stdout;
    const outside = runCli([...oneRule, '.', '../other/outside.py'], { cwd: join(root, 'repo') }).stdout;
    // The validator must be able to fail: a log without a rule's help breaks a GitHub requirement.
    const broken = parseSarif(incomplete);
    delete broken.runs[0].tool.driver.rules![0].help;
    const errors = validatorErrors({ full, incomplete, outside, broken: JSON.stringify(broken) });
    assert.deepEqual(errors.get('full'), []);
    assert.deepEqual(errors.get('incomplete'), []);
    assert.deepEqual(errors.get('outside'), []);
    assert.ok(errors.get('broken')!.length > 0, 'the validator accepted a log with a rule missing its help');
    const outsideUri = parseSarif(outside).runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation;
    assert.deepEqual(outsideUri, { uri: pathToFileURL(join(realpathSync(root), 'other', 'outside.py')).href });
  });
});

describe('awaitwise check --format github', () => {
  test('one workflow command per finding, named by severity, with the rule in the title', () => {
    const run = runCli(['check', '--format', 'github'], { cwd: tempTree(TREE) });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      [
        '::warning file=src/loop.py,line=4,col=5,endLine=4,endColumn=29,title=Awaitwise (deprecated-get-event-loop)::' +
          "'asyncio.get_event_loop()' is the legacy way to reach the loop; in a coroutine use 'asyncio.get_running_loop()', which returns the same loop",
        '::warning file=src/loop.py,line=5,col=5,endLine=5,endColumn=29,title=Awaitwise (deprecated-get-event-loop)::' +
          "'asyncio.get_event_loop()' is the legacy way to reach the loop; in a coroutine use 'asyncio.get_running_loop()', which returns the same loop",
        "::error file=src/poll.py,line=4,col=5,endLine=4,endColumn=18,title=Awaitwise (blocking-sleep)::time.sleep() blocks the event loop; use 'await asyncio.sleep()' so other tasks keep running",
        '::notice file=src/sleeps.py,line=4,col=11,endLine=4,endColumn=24,title=Awaitwise (zero-sleep)::`trio.sleep(0)` is only a checkpoint; say so with `trio.lowlevel.checkpoint()`',
        '::notice file=src/sleeps.py,line=5,col=11,endLine=5,endColumn=29,title=Awaitwise (long-sleep)::' +
          '`trio.sleep(100000)` sleeps for more than a day, which almost always means forever; say so with `trio.sleep_forever()`',
        "::error file=web/handler.ts,line=4,col=3,endLine=4,endColumn=9,title=Awaitwise (floating-promise)::'save()' returns a promise that is neither awaited nor handled",
        '',
      ].join('\n'),
    );
  });

  test('a path with , : % and a line break is escaped as a property; columns only on one line', { skip: process.platform === 'win32' }, () => {
    const root = tempTree({
      'we,ird:na%me\nx.py': SEVERITY_SOURCES.error,
      'multi.py': 'import asyncio\n\nasync def work():\n    pass\n\nasync def main():\n    asyncio.create_task(\n        work()\n    )\n',
    });
    const run = runCli(['check', '--format', 'github'], { cwd: root });
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^::error file=multi\.py,line=7,endLine=9,title=Awaitwise \(dangling-task\)::The task from asyncio\.create_task\(\) is not kept/);
    assert.match(lines[1], /^::error file=we%2Cird%3Ana%25me%0Ax\.py,line=4,col=5,endLine=4,endColumn=18,title=Awaitwise \(blocking-sleep\)::time\.sleep\(\)/);
    assert.equal(lines.length, 3);
  });
});

describe('awaitwise check --statistics', () => {
  test('text: a table of counts per rule, most frequent first, then the summary', () => {
    const run = runCli(['check', '--statistics'], { cwd: tempTree(TREE) });
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      [
        'COUNT  RULE                       PEERS                 SEVERITY     FIXABLE',
        '    2  deprecated-get-event-loop  -                     warning            2',
        '    1  blocking-sleep             ASYNC251              error              1',
        '    1  floating-promise           no-floating-promises  error              0',
        '    1  long-sleep                 ASYNC116              information        0',
        '    1  zero-sleep                 ASYNC115              hint               1',
        '',
        'Found 6 problems in 4 files (4 fixable with --fix).',
        '',
      ].join('\n'),
    );
  });

  test('json: a statistics array in place of the findings, beside the usual summary', () => {
    const run = runCli(['check', '--statistics', '--format', 'json'], { cwd: tempTree(TREE) });
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout) as { version: number; statistics: unknown[]; summary: { findings: number }; findings?: unknown };
    assert.equal(report.version, 1);
    assert.equal(report.findings, undefined);
    assert.deepEqual(report.statistics, [
      { rule: 'deprecated-get-event-loop', peerCodes: [], severity: 'warning', count: 2, fixable: 2 },
      { rule: 'blocking-sleep', peerCodes: ['ASYNC251'], severity: 'error', count: 1, fixable: 1 },
      { rule: 'floating-promise', peerCodes: ['no-floating-promises'], severity: 'error', count: 1, fixable: 0 },
      { rule: 'long-sleep', peerCodes: ['ASYNC116'], severity: 'information', count: 1, fixable: 0 },
      { rule: 'zero-sleep', peerCodes: ['ASYNC115'], severity: 'hint', count: 1, fixable: 1 },
    ]);
    assert.equal(report.summary.findings, 6);
  });

  test('with sarif or github it is a usage error, before anything is checked', () => {
    for (const format of ['sarif', 'github']) {
      const run = runCli(['check', '--statistics', '--format', format], { cwd: tempTree(TREE) });
      assert.equal(run.status, 2, format);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `awaitwise: error: --statistics cannot be used with --format ${format}: it counts findings in the text and json formats only (run 'awaitwise check --help' for usage)\n`,
      );
    }
  });
});
