// A language server started on a throwaway workspace folder holding given files, ended when
// the test file finishes.
import { join } from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type ClientOptions } from './lsp-client';
import { tempTree } from './temp-tree';

export interface TestWorkspace {
  client: LspTestClient;
  /** The folder's path on disk. */
  root: string;
  /** The file URI of a `/`-separated path inside the folder. */
  uri(path: string): string;
}

const clients: LspTestClient[] = [];
after(() => Promise.all(clients.map((client) => client.dispose())));

/** Ends the client with the others when the test file finishes. */
export function disposeAfterTests(client: LspTestClient): LspTestClient {
  clients.push(client);
  return client;
}

export async function startInWorkspace(files: Record<string, string>, options: ClientOptions = {}): Promise<TestWorkspace> {
  const root = tempTree(files);
  const client = disposeAfterTests(await LspTestClient.start({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'app' }], ...options }));
  return { client, root, uri: (path) => pathToFileURL(join(root, path)).href };
}
