// Runs the built CLI (dist/cli.js), or its source after a preload, as a real process and reads
// its JSON report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = join(__dirname, '..', '..');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SOURCE_CLI = join(REPO_ROOT, 'server', 'src', 'cli', 'main.ts');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Colour settings from the developer's shell must not leak into expectations. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return { ...env, ...extra };
}

interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
}

function runNode(nodeArgs: string[], options: RunOptions): CliRun {
  const result = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd, env: cleanEnv(options.env ?? {}), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runCli(args: string[], options: RunOptions): CliRun {
  assert.ok(existsSync(CLI), `${CLI} is missing: run 'npm run build' first`);
  return runNode([CLI, ...args], options);
}

/**
 * Runs the CLI from its TypeScript source (through tsx) after a preload module, which shares
 * the CLI's module instances and so can change what it runs (a rule's fixes). Analysis must
 * stay in the main thread (`--jobs 1`): the preload does not reach worker threads.
 */
export function runSourceCli(preload: string, args: string[], options: RunOptions): CliRun {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return runNode(['--import', tsx, '--import', pathToFileURL(preload).href, SOURCE_CLI, ...args], options);
}

export interface JsonFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixable: boolean;
}

export interface JsonReport {
  version: number;
  findings: JsonFinding[];
  summary: {
    filesChecked: number;
    filesWithFindings: number;
    findings: number;
    fixable: number;
    bySeverity: Record<string, number>;
    byRule: Record<string, number>;
    fixesApplied: number;
    fixedFiles: { path: string; fixes: number }[];
  };
}

export function parseReport(run: CliRun): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

/** `rule path:line` for each finding, the shape most assertions compare. */
export function ruleLines(report: JsonReport): string[] {
  return report.findings.map((finding) => `${finding.rule} ${finding.path}:${finding.line}`);
}

/** Small sources with one known finding each. */
export const SOURCES = {
  blockingSleep: 'import time\n\nasync def poll():\n    time.sleep(1)\n',
  unawaited: 'async def save():\n    pass\n\nasync def handle():\n    save()\n',
  danglingTask: 'import asyncio\n\nasync def work():\n    pass\n\nasync def main():\n    asyncio.create_task(work())\n',
  floatingPromise: 'async function save(): Promise<void> {}\n\nexport async function handle() {\n  save();\n}\n',
  clean: 'import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n',
};
