// The message a configuration file's parse error shows, for tests that pin those messages.
import assert from 'node:assert/strict';
import { ConfigError } from '../../server/src/config/config-error';
import { parseConfigText } from '../../server/src/config/parse';

/** The message of the error parsing `text` throws, with the file shown by name; fails when nothing is thrown. */
export function configErrorOf(path: string, text: string): string {
  try {
    parseConfigText(path, text);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.file, path);
    return error.describe(path.split('/').at(-1)!);
  }
  assert.fail(`no error for ${text}`);
}
