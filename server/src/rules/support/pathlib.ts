// Which tracked objects are concrete `pathlib` paths, whose methods touch the file system
// (pure paths and `anyio.Path` / `trio.Path` are not: the first never does I/O, the others
// are awaited).
import type { InstanceOrigin } from './instances';

/** Calls that make a concrete path, by qualified name. */
const PATH_FACTORIES = new Set([
  'pathlib.Path',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'pathlib.Path.home',
  'pathlib.Path.cwd',
]);

/** Methods and properties of a path that return another path of the same class. */
const PATH_TO_PATH = new Set([
  'parent',
  'joinpath',
  'with_name',
  'with_stem',
  'with_suffix',
  'with_segments',
  'relative_to',
  'absolute',
  'expanduser',
  'resolve',
  'readlink',
]);

/** True when the origin is a `pathlib.Path` (or a path derived from one by joins and renames). */
export function isPathOrigin(origin: InstanceOrigin | undefined): boolean {
  return origin !== undefined && PATH_FACTORIES.has(origin.factory) && origin.chain.every((step) => PATH_TO_PATH.has(step));
}
