// Workspace trust, as the extension reports it at `initialize`. No setting and no configuration
// key makes Awaitwise run anything, trusted or not. What an untrusted workspace (VS Code's
// Restricted Mode) may not decide is what the analysis takes as true about the code: which
// calls block, which functions take task_status, which promises may be dropped. Those come
// from the user's own settings there. VS Code ignores the workspace's values of the settings
// (package.json: `capabilities.untrustedWorkspaces.restrictedConfigurations`); the matching
// keys of configuration files, which VS Code knows nothing about, are left out by the server.
import type { ConfigFile, ConfigKey, ConfigOptions } from '../config/options';

/** What the extension sends with `initialize`. */
export interface InitializationOptions {
  /** `vscode.workspace.isTrusted` when the server started; the extension restarts it when trust is granted. */
  workspaceTrusted?: boolean;
}

/** The settings restricted in an untrusted workspace, each with the configuration-file key (and option) that says the same. */
export const UNTRUSTED_RESTRICTIONS = [
  { setting: 'awaitwise.python.blockingCalls', key: 'blocking-calls', option: 'blockingCalls' },
  { setting: 'awaitwise.python.startableFunctions', key: 'startable-functions', option: 'startableFunctions' },
  { setting: 'awaitwise.typescript.safeCalls', key: 'safe-calls', option: 'safeCalls' },
] as const satisfies readonly { setting: string; key: ConfigKey; option: keyof ConfigOptions }[];

/**
 * Whether the workspace is trusted. A client that does not say (another editor, which has no
 * such notion, or the command line) is taken as trusted, as the folder it opens is its user's choice.
 */
export function readWorkspaceTrust(initializationOptions: unknown, warn: (message: string) => void): boolean {
  if (typeof initializationOptions !== 'object' || initializationOptions === null) return true;
  const { workspaceTrusted } = initializationOptions as Record<string, unknown>;
  if (workspaceTrusted === undefined || typeof workspaceTrusted === 'boolean') return workspaceTrusted ?? true;
  // Only our own extension sends it: a wrong value is a bug there, and trust is not granted on a guess.
  warn(`Ignoring the initialization option "workspaceTrusted": expected true or false, got ${JSON.stringify(workspaceTrusted)}; the workspace is treated as untrusted.`);
  return false;
}

/** The configuration without the options an untrusted workspace may not set, and the keys it had of them. */
export function withoutRestrictedOptions(config: ConfigFile): { config: ConfigFile; dropped: ConfigKey[] } {
  const options: ConfigOptions = { ...config.options };
  const dropped: ConfigKey[] = [];
  for (const { key, option } of UNTRUSTED_RESTRICTIONS) {
    if (options[option] === undefined) continue;
    delete options[option];
    dropped.push(key);
  }
  return { config: dropped.length === 0 ? config : { ...config, options }, dropped };
}
