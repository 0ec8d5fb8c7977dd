// `npm run test:desktop`: the core scenarios in a desktop VS Code, for machines that can
// download it (@vscode/test-electron fetches VS Code from its update server). The suite is
// bundled for the extension host, the extension runs from this repository's dist/, and a
// fresh copy of test/e2e/workspace is opened.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

const REPO_ROOT = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  const scratch = mkdtempSync(join(tmpdir(), 'awaitwise-desktop-'));
  const suite = join(scratch, 'suite.js');
  await build({ entryPoints: [join(__dirname, 'suite.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], outfile: suite, logLevel: 'warning' });
  const workspace = join(scratch, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user-data')],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
