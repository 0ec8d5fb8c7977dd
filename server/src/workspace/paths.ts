// Paths inside a root (a workspace folder, the CLI's project root), as the rest of the product
// writes them: relative, with `/` separators on every platform.
import { isAbsolute, relative, sep } from 'node:path';

/** `path` relative to `root` with `/` separators, or undefined when it is not inside `root`. */
export function relativeInside(root: string, path: string): string | undefined {
  const inside = relative(root, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return sep === '/' ? inside : inside.split(sep).join('/');
}
