// What tests of permission bits and symbolic links can count on where they run.
import { symlinkSync } from 'node:fs';

/** Why permission bits cannot stop this process from reading or writing, if they cannot. */
export const PERMISSIONS_NOT_ENFORCED: string | undefined =
  process.platform === 'win32'
    ? 'Windows has no POSIX permission bits'
    : process.getuid?.() === 0
      ? 'running as root, which permission bits do not stop'
      : undefined;

/** Makes a symbolic link; false where that is not allowed (Windows without the privilege). */
export function trySymlink(target: string, path: string): boolean {
  try {
    symlinkSync(target, path, 'file');
    return true;
  } catch {
    return false;
  }
}
