// Rewrites a source file for --fix with no moment at which it is half written: the new text
// goes to a temporary file in the same folder (a rename cannot cross file systems), which then
// takes the original's place in one rename. A crash, a full disk or a killed process leaves
// either the old text or the new one.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from '../workspace/files';
import { displayPath } from './paths';

/** Hidden, named after the file, and unique so that concurrent runs never share one. */
function temporaryPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.awaitwise-${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes the temporary file: the text, then the original's mode (and owner, for root). */
async function writeReplacement(handle: FileHandle, text: string, original: Stats): Promise<void> {
  await handle.writeFile(text, 'utf8');
  await handle.chmod(original.mode & 0o7777);
  // Only root can give a file away. It matters there: a CI container running as root over a
  // mounted checkout must not leave fixed files owned by root.
  if (process.getuid?.() === 0) await handle.chown(original.uid, original.gid);
  // On disk before the rename, or a crash could leave the new name pointing at no data.
  await handle.sync();
}

/**
 * Replaces the text of the file at `path`. Resolves to undefined once it is written, else to
 * why not, worded to follow "cannot write PATH: "; the file is then as it was.
 */
export async function replaceFileText(path: string, text: string): Promise<string | undefined> {
  let target: string;
  let original: Stats;
  try {
    // Through a symlink, the file it points to is rewritten: a rename onto the link itself
    // would turn the link into a regular file.
    target = await realpath(path);
    original = await stat(target);
    // A rename needs only the folder's permission: without this, a read-only file would be
    // replaced where writing it in place is refused.
    await access(target, constants.W_OK);
  } catch (error) {
    return describeFsError(error);
  }

  const temporary = temporaryPath(target);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx', 0o600);
  } catch (error) {
    return `no temporary file can be created beside it (${describeFsError(error)})`;
  }
  try {
    try {
      await writeReplacement(handle, text, original);
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    return undefined;
  } catch (error) {
    const reason = describeFsError(error);
    return rm(temporary, { force: true }).then(
      () => reason,
      () => `${reason}; ${displayPath(temporary)} was left behind`,
    );
  }
}
