// Configuration files (awaitwise.json, [tool.awaitwise] in pyproject.toml) as the language
// server uses them: read once per folder until one changes on disk. An invalid one is shown
// to the user once per content, and the files it governs get the editor's settings alone.
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

export class WorkspaceConfigs {
  private readonly files = new ConfigFiles();
  /** Invalid contents already shown: the same mistake is not shown again on every keystroke. */
  private readonly shown = new Set<string>();
  private version = 0;

  constructor(
    private readonly connection: Connection,
    private readonly folders: WorkspaceFolders,
    private readonly log: Log,
  ) {}

  /**
   * The configuration governing a file, or a folder: the nearest one above it. Undefined when
   * there is none, or when it is invalid (the user is told).
   */
  forPath(path: string): ConfigFile | undefined {
    const lookup = this.files.lookup(dirname(path));
    if (lookup.kind === 'invalid') this.reportInvalid(lookup.error, lookup.text);
    return lookup.kind === 'found' ? lookup.config : undefined;
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
