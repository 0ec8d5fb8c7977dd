// Configuration files (awaitwise.json, [tool.awaitwise] in pyproject.toml) as the language
// server uses them: read once per folder until one changes on disk. An invalid one is shown
// to the user once per content, and the files it governs get the editor's settings alone. In
// an untrusted workspace the keys it may not set are left out (see workspace-trust.ts).
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { ConfigError } from '../config/config-error';
import { ConfigFiles } from '../config/discovery';
import { configExcludes } from '../config/globs';
import type { ConfigFile } from '../config/options';
import type { PathMatcher } from '../workspace/exclude';
import { relativeInside } from '../workspace/paths';
import type { Log } from './log';
import type { WorkspaceFolders } from './workspace-folders';
import { UNTRUSTED_RESTRICTIONS, withoutRestrictedOptions } from './workspace-trust';

export class WorkspaceConfigs {
  private readonly files = new ConfigFiles();
  /** Invalid contents already shown: the same mistake is not shown again on every keystroke. */
  private readonly shown = new Set<string>();
  private version = 0;
  /** Each configuration as an untrusted workspace gets it, while the file stays the same. */
  private readonly restricted = new WeakMap<ConfigFile, ConfigFile>();
  private restrictionShown = false;

  /** `trusted`: whether the workspace is trusted; if not, configurations lose the restricted keys. */
  constructor(
    private readonly connection: Connection,
    private readonly folders: WorkspaceFolders,
    private readonly log: Log,
    private readonly trusted: boolean,
  ) {}

  /**
   * The configuration governing a file, or a folder: the nearest one above it. Undefined when
   * there is none, or when it is invalid (the user is told).
   */
  forPath(path: string): ConfigFile | undefined {
    const lookup = this.files.lookup(dirname(path));
    if (lookup.kind === 'invalid') this.reportInvalid(lookup.error, lookup.text);
    if (lookup.kind !== 'found') return undefined;
    return this.trusted ? lookup.config : this.restrict(lookup.config);
  }

  /**
   * Whether the `exclude` of the configuration governing `path` (a file or a folder) covers it.
   * Workspace listings combine it with the `awaitwise.exclude` setting's matcher.
   */
  readonly excludes: PathMatcher = (path) => {
    const config = this.forPath(path);
    return config !== undefined && configExcludes(config, path);
  };

  /** Moves whenever a configuration file may have changed: what was derived before may be stale. */
  get stamp(): number {
    return this.version;
  }

  /** A configuration file changed on disk: every folder is looked up again. */
  changed(): void {
    this.files.clear();
    this.version++;
  }

  private restrict(config: ConfigFile): ConfigFile {
    let restricted = this.restricted.get(config);
    if (!restricted) {
      const result = withoutRestrictedOptions(config);
      restricted = result.config;
      this.restricted.set(config, restricted);
      if (result.dropped.length > 0) this.reportRestricted(config.path, result.dropped);
    }
    return restricted;
  }

  /** Logged once per file and keys; shown once per session, as the reason is the same each time. */
  private reportRestricted(file: string, keys: readonly string[]): void {
    const folder = this.folders.folderFor(file);
    const shownPath = (folder && relativeInside(folder.path, file)) ?? file;
    const settings = UNTRUSTED_RESTRICTIONS.map((restriction) => restriction.setting).join(', ');
    this.log.warnOnce(
      `untrusted:${file}:${keys.join(',')}`,
      `This workspace is not trusted: Awaitwise ignores ${keys.join(', ')} in ${shownPath}. ` +
        `Until you trust it, only your user settings (${settings}) say which calls block, which functions take task_status and which promises may be dropped.`,
    );
    if (this.restrictionShown) return;
    this.restrictionShown = true;
    const message = `This workspace is not trusted, so Awaitwise ignores ${keys.join(', ')} in ${shownPath}; the Awaitwise output lists any other file it restricts. Trust the workspace to use them.`;
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  }

  private reportInvalid(error: ConfigError, text: string | undefined): void {
    const content = text === undefined ? error.problem : createHash('sha256').update(text).digest('hex');
    const key = `${error.file}\n${content}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    const folder = this.folders.folderFor(error.file);
    const shownPath = (folder && relativeInside(folder.path, error.file)) ?? error.file;
    const message = `Awaitwise analyses the files this configuration covers with the VS Code settings alone until it is fixed: ${error.describe(shownPath)}`;
    this.log.error(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  }
}
