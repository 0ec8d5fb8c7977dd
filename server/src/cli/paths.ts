import { relative, sep } from 'node:path';

/** How a path appears in output: relative to the working directory, with forward slashes. */
export function displayPath(absolutePath: string): string {
  const path = relative(process.cwd(), absolutePath) || '.';
  return sep === '/' ? path : path.split(sep).join('/');
}
