// Node's arguments for running the language server from its TypeScript source (through tsx)
// after a preload module. The preload and the server share module instances, so what the
// preload changes in them (a rule's visitors, the analysis limits) is what the server runs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MAIN = join(__dirname, '..', '..', 'server', 'src', 'server', 'main.ts');

/** For `LspTestClient.start({ serverArgs })`; `preload` is a path. */
export function sourceServerArgs(preload: string): string[] {
  return ['--import', 'tsx', '--import', pathToFileURL(preload).href, MAIN, '--stdio'];
}
