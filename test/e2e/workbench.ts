// A real VS Code workbench for the end-to-end suite: code-server (a VS Code server with a Node
// extension host) with the packaged extension installed, opened in Debian's Chromium through
// Playwright. The workspace is a fresh copy of test/e2e/workspace, so tests can edit it freely.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CODE_SERVER, NODE24 } from './install';
import { StepError, waitFor } from './wait';

export const REPO_ROOT = join(__dirname, '..', '..');
const WORKSPACE_TEMPLATE = join(__dirname, 'workspace');
/** Where a failing run leaves its screenshots and logs (ignored by git). */
export const ARTIFACTS = join(REPO_ROOT, 'test-results', 'e2e');

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': 'off',
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  // Hovers and suggestions are asked for explicitly; nothing pops up on its own.
  'editor.hover.delay': 150,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
};

function run(command: string, args: string[], cwd = REPO_ROOT): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Builds the .vsix the way `npm run package` does, into a scratch folder. */
export function packageExtension(outDir: string): string {
  const vsix = join(outDir, 'awaitwise.vsix');
  run('npm', ['run', 'build', '--silent']);
  run(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsix]);
  return vsix;
}

export interface WorkbenchOptions {
  /** The packaged extension to install. */
  vsix: string;
  /** Written to the workspace's .vscode/settings.json before start. */
  workspaceSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: ChildProcess,
    readonly workspace: string,
    private readonly scratch: string,
    private readonly serverLog: () => string,
  ) {}

  static async launch(options: WorkbenchOptions): Promise<Workbench> {
    if (!existsSync(CODE_SERVER) || !existsSync(NODE24)) throw new Error('code-server is not installed: run `node test/e2e/install.mjs`');
    const scratch = mkdtempSync(join(tmpdir(), 'awaitwise-e2e-'));
    const workspace = join(scratch, 'workspace');
    cpSync(WORKSPACE_TEMPLATE, workspace, { recursive: true });
    if (options.workspaceSettings) {
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2));
    }
    const userData = join(scratch, 'user-data');
    const extensions = join(scratch, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // Without --config, code-server writes one under the home folder.
    const config = join(scratch, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
    run(NODE24, [CODE_SERVER, ...common, '--install-extension', options.vsix]);

    let log = '';
    const server = spawn(
      NODE24,
      [CODE_SERVER, ...common, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const base = await waitFor('code-server starts', () => /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1], {
      timeoutMs: 60_000,
      seen: () => log,
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const workbench = new Workbench(page, browser, server, workspace, scratch, () => log);
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await waitFor('the workbench loads', () => page.locator('.monaco-workbench').count().then((count) => count > 0), { timeoutMs: 60_000 });
    return workbench;
  }

  // --- editors --------------------------------------------------------------------------

  /** Opens a workspace file through Quick Open and waits for its tab and text. */
  async openFile(path: string): Promise<void> {
    const name = path.split('/').pop()!;
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await waitFor(`Quick Open shows for ${path}`, () => input.isVisible());
    await input.fill(path);
    // Enter picks the focused row: wait until filtering has put the file there.
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
    await waitFor(`Quick Open picks ${path}`, async () => ((await focused.textContent().catch(() => null)) ?? '').includes(name), {
      seen: () => focused.textContent().then((text) => text ?? '(nothing focused)'),
    });
    await this.page.keyboard.press('Enter');
    await waitFor(`${path} opens in a tab`, () => this.page.locator('.tab.active', { hasText: name }).isVisible());
    await waitFor(`${path} shows its text`, async () => (await this.lines()).length > 0);
  }

  /** The visible lines of the active editor, in document order (the view renders them out of order). */
  async lines(): Promise<string[]> {
    const editor = this.activeEditor();
    const rows = await editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
      nodes.map((node) => ({ top: parseFloat((node as unknown as { style: { top: string } }).style.top || '0'), text: (node.textContent ?? '').replace(/\u00a0/g, ' ') })),
    );
    return rows.sort((a, b) => a.top - b.top).map((row) => row.text);
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Puts the cursor at a 1-based line and column with Go to Line. */
  async goTo(line: number, column = 1): Promise<void> {
    // Quick Open's `:` mode: the browser keeps Ctrl+G for itself.
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await waitFor('Go to Line opens', () => input.isVisible());
    await input.fill(`:${line}:${column}`);
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
    await waitFor(`Go to Line offers line ${line}`, async () => new RegExp(`line ${line}\\b`, 'i').test((await focused.textContent().catch(() => null)) ?? ''), {
      seen: () => focused.textContent().then((text) => text ?? '(nothing focused)'),
    });
    await this.page.keyboard.press('Enter');
    await waitFor(`the cursor reaches line ${line}`, async () => (await this.cursorLine()) === line, { seen: async () => `line ${await this.cursorLine()}` });
  }

  /** The 1-based line of the cursor, from the status bar. */
  async cursorLine(): Promise<number | undefined> {
    const text = await this.page.locator('#status\\.editor\\.selection').textContent().catch(() => null);
    const match = text ? /Ln (\d+)/.exec(text) : null;
    return match ? Number(match[1]) : undefined;
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await waitFor('the file is saved', async () => (await this.page.locator('.tab.active.dirty').count()) === 0);
  }

  /** Runs a command by its palette title. */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await waitFor(`the command palette opens for "${title}"`, () => input.isVisible());
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await waitFor(`the palette lists "${title}"`, () => row.isVisible());
    await this.page.keyboard.press('Enter');
  }

  // --- diagnostics, hover, quick fixes -----------------------------------------------------

  squiggles(kind: 'error' | 'warning' | 'info' | 'hint' = 'error'): Locator {
    return this.activeEditor().locator(`.squiggly-${kind}`);
  }

  /** Rows of the Problems panel, by their accessible labels (severity, message, source, position). */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) await this.page.keyboard.press('Control+Shift+M');
    await waitFor('the Problems panel opens', () => panel.isVisible());
    // The label holds severity, message and position; the text adds the source and the rule id.
    return panel.locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('aria-label') ?? ''} | ${row.textContent ?? ''}`));
  }

  /** Hovers the first squiggle on a 1-based line and returns the hover's text. */
  async hoverSquiggleOn(line: number): Promise<string> {
    await this.goTo(line);
    const hover = this.page.locator('.monaco-hover:not(.hidden)');
    return waitFor(`a hover shows on line ${line}`, async () => {
      const squiggle = await this.squiggleOnCursorLine();
      if (!squiggle) return undefined;
      const box = await squiggle.boundingBox();
      if (!box) return undefined;
      await this.page.mouse.move(box.x + 2, box.y + box.height / 2);
      await this.page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
      if (!(await hover.first().isVisible())) return undefined;
      const text = (await hover.first().textContent()) ?? '';
      return text.includes('Why it hurts') ? text : undefined;
    });
  }

  /** The squiggle decoration that lies on the cursor's line, found by vertical position. */
  private async squiggleOnCursorLine(): Promise<Locator | undefined> {
    const cursor = await this.activeEditor().locator('.cursor').first().boundingBox();
    if (!cursor) return undefined;
    const all = this.activeEditor().locator('[class*="squiggly-"]');
    for (let index = 0; index < (await all.count()); index++) {
      const box = await all.nth(index).boundingBox();
      if (box && Math.abs(box.y + box.height / 2 - (cursor.y + cursor.height / 2)) < cursor.height) return all.nth(index);
    }
    return undefined;
  }

  /** Opens the quick-fix menu at a 1-based line and column and picks the entry with this text. */
  async quickFix(line: number, column: number, title: string): Promise<void> {
    await this.goTo(line, column);
    const menu = this.page.locator('.action-widget').first();
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await waitFor(`the quick fix "${title}" is offered on line ${line}`, async () => {
      // The menu lists what the server has answered so far: reopen it until the entry is there.
      if (await menu.isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+.');
      return waitFor('the quick-fix menu opens', () => row.isVisible(), { timeoutMs: 3_000 }).catch(() => false);
    }, { seen: () => menu.textContent().then((text) => text ?? '(no menu)').catch(() => '(no menu)') });
    await row.click();
  }

  // --- views ----------------------------------------------------------------------------

  /** Opens a view container from the activity bar by its title. */
  async openActivity(title: string): Promise<Locator> {
    const icon = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await waitFor(`the ${title} icon is in the activity bar`, () => icon.isVisible());
    const sidebar = this.page.locator('.part.sidebar');
    const open = async () => (await sidebar.isVisible()) && ((await sidebar.locator('.composite.title').textContent()) ?? '').toUpperCase().includes(title.toUpperCase());
    // A click on the icon of the container already shown hides the side bar: click, then look again.
    await waitFor(`the ${title} side bar opens`, async () => {
      if (await open()) return true;
      await icon.click();
      return waitFor(`the ${title} side bar shows`, open, { timeoutMs: 3_000 }).catch(() => false);
    });
    return sidebar;
  }

  /** Reloads the window the way a user does, so the workbench shuts down and stores its state first. */
  async reload(): Promise<void> {
    await this.command('Developer: Reload Window');
    await this.page.waitForEvent('load', { timeout: 60_000 });
    await waitFor('the workbench loads again', () => this.page.locator('.monaco-workbench').isVisible(), { timeoutMs: 60_000 });
  }

  /** Contents of the files with this name the workbench and its extensions stored under the user data folder. */
  storedFiles(name: string): string[] {
    return findFiles(join(this.scratch, 'user-data'), (path) => path.endsWith(`/${name}`)).map((path) => readFileSync(path, 'utf8'));
  }

  // --- status bar -----------------------------------------------------------------------

  /**
   * Records each accessible label (text, then tooltip) an extension's status bar item shows from
   * now on, so a state that lasts only moments is not missed between two polls. `id` is the one
   * the extension gave the item. Returns a reader of the labels seen so far, in order.
   */
  async recordStatusBarItem(id: string): Promise<() => Promise<string[]>> {
    const store = `__recorded_${id.replace(/\W/g, '_')}`;
    // A string, since this suite compiles without the DOM's types.
    await this.page.evaluate(`(() => {
      const labels = [];
      const note = () => {
        const label = document.querySelector(${JSON.stringify(`${statusBarItemSelector(id)} .statusbar-item-label`)})?.getAttribute('aria-label') ?? '';
        if (label !== labels[labels.length - 1]) labels.push(label);
      };
      note();
      new MutationObserver(note).observe(document.querySelector('.part.statusbar'), { subtree: true, childList: true, attributes: true, characterData: true });
      globalThis.${store} = labels;
    })()`);
    return () => this.page.evaluate<string[]>(`[...globalThis.${store}]`);
  }

  // --- the language server ----------------------------------------------------------------

  /**
   * Ids of the language server processes of the extension this run installed. Only a command
   * line naming this run's own extensions folder matches, so nothing else on the machine (an
   * editor in use, another run) can be picked.
   */
  languageServerPids(): number[] {
    const pattern = `${escapeRegExp(join(this.scratch, 'extensions'))}/[^ ]+/dist/server\\.js`;
    const result = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
    // pgrep exits with 1 when nothing matches.
    if (result.status !== 0 && result.status !== 1) throw new Error(`pgrep failed: ${result.stderr}`);
    return result.stdout.split('\n').filter(Boolean).map(Number);
  }

  /** Kills the one language server process with SIGKILL, as a crash would end it; returns its id. */
  killLanguageServer(): number {
    const pids = this.languageServerPids();
    if (pids.length !== 1) throw new StepError('kill the language server', `expected one language server process, found ${pids.length}`);
    process.kill(pids[0], 'SIGKILL');
    return pids[0];
  }

  // --- evidence ----------------------------------------------------------------------------

  async screenshot(path: string): Promise<void> {
    mkdirSync(join(path, '..'), { recursive: true });
    await this.page.screenshot({ path });
  }

  /** Saves a screenshot, code-server's output and the extension logs (the language server's among them). */
  async saveEvidence(name: string): Promise<string> {
    const folder = join(ARTIFACTS, name.replace(/[^\w.-]+/g, '-'));
    mkdirSync(folder, { recursive: true });
    await this.page.screenshot({ path: join(folder, 'screen.png') }).catch(() => undefined);
    writeFileSync(join(folder, 'code-server.log'), this.serverLog());
    for (const log of findFiles(join(this.scratch, 'user-data', 'logs'), (file) => /Awaitwise|exthost/i.test(file))) {
      cpSync(log, join(folder, relative(join(this.scratch, 'user-data', 'logs'), log).replace(/[\\/]/g, '__')));
    }
    return folder;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.server.kill();
    await new Promise((resolve) => (this.server.exitCode !== null ? resolve(undefined) : this.server.once('exit', resolve)));
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** The DOM id of an extension's item is `<publisher>.<extension>.<id>`. */
function statusBarItemSelector(id: string): string {
  return `.statusbar-item[id$=${JSON.stringify(`.${id}`)}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findFiles(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findFiles(path, keep);
    return keep(path) ? [path] : [];
  });
}

export { StepError, waitFor };
