// Per-document settings, read from the client with workspace/configuration (scoped to the
// document, so folder settings apply) and cached until the client says they changed.
import type { Connection } from 'vscode-languageserver/node';
import type { Log } from './log';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, parseSettings, type Settings } from './settings';

export class SettingsProvider {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Bumped on every change so a still-wrong value is reported again, but once per change. */
  private generation = 0;

  /** `canRequest`: whether the client answers workspace/configuration; if not, defaults apply. */
  constructor(
    private readonly connection: Connection,
    private readonly canRequest: boolean,
    private readonly log: Log,
  ) {}

  forDocument(uri: string): Promise<Settings> {
    if (!this.canRequest) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  invalidate(): void {
    this.cache.clear();
    this.generation++;
  }

  private async fetch(uri: string): Promise<Settings> {
    const generation = this.generation;
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
      // A change made while this request was out may already be in its answer; the fetch that
      // change causes reports it, under its own generation.
      const current = generation === this.generation;
      return parseSettings(raw, (message) => (current ? this.log.warnOnce(`settings:${generation}:${message}`, message) : undefined));
    } catch (error) {
      this.log.errorOnce(`settings-failed:${generation}`, 'Could not read the awaitwise settings from the client; using the defaults.', error);
      return DEFAULT_SETTINGS;
    }
  }
}
