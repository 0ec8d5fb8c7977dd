// Names users write down (in keybindings and `editor.codeActionsOnSave`), kept free of
// `vscode` so the manifest test can check them against package.json and the server.
export const COMMAND_IDS = ['awaitwise.restartServer', 'awaitwise.showOutput', 'awaitwise.fixAll'] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The kind of the server's fix-all code action. */
export const FIX_ALL_KIND = 'source.fixAll.awaitwise';
