// Reading a source file under a size limit: its size on disk is looked at first, so a file over
// the limit (a 50 MB bundle) is never read, let alone parsed. Shared by the CLI and the
// language server's scans of the disk.
import { stat } from 'node:fs/promises';
import { fileSizeSkipReason, type SkipReason } from '../engine/skip';
import { describeFsError, readSourceText, type SourceText } from './files';

export type LimitedSourceText = SourceText | { kind: 'too-large'; reason: SkipReason };

/**
 * Reads the file unless it is larger than `maxFileSize` bytes (0: no limit). `knownSize`, the
 * size from a `stat` the caller made anyway, saves another.
 */
export async function readSourceTextWithin(path: string, maxFileSize: number, knownSize?: number): Promise<LimitedSourceText> {
  if (maxFileSize > 0) {
    let size = knownSize;
    try {
      size ??= (await stat(path)).size;
    } catch (error) {
      return { kind: 'unreadable', reason: describeFsError(error) };
    }
    const reason = fileSizeSkipReason(size, maxFileSize);
    if (reason) return { kind: 'too-large', reason };
  }
  return readSourceText(path);
}
