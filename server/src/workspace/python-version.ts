// The target Python version of a file's project: `requires-python` from the nearest
// pyproject.toml above it (its lower bound), else undefined so callers use their default.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import type { PythonVersion } from '../engine/types';

/** `3.11`, `3.9`... as a version; undefined when it is not one. */
export function parsePythonVersion(text: string): PythonVersion | undefined {
  const match = /^\s*(\d+)\.(\d+)\s*$/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** A Python 3 version written by the user (`3.11`): undefined for anything else, Python 2 included. */
export function parseTargetPythonVersion(text: string): PythonVersion | undefined {
  const version = parsePythonVersion(text);
  return version?.major === 3 ? version : undefined;
}

/** The lowest version a `requires-python` specifier admits (`>=3.9,<4` -> 3.9). */
export function lowerBound(specifier: string): PythonVersion | undefined {
  let lowest: PythonVersion | undefined;
  for (const clause of specifier.split(',')) {
    const match = /^\s*(>=|==|~=|>)\s*(\d+)\.(\d+)/.exec(clause);
    if (!match) continue;
    const version = { major: Number(match[2]), minor: Number(match[3]) + (match[1] === '>' ? 1 : 0) };
    if (!lowest || version.major < lowest.major || (version.major === lowest.major && version.minor < lowest.minor)) lowest = version;
  }
  return lowest;
}

const cache = new Map<string, PythonVersion | undefined>();

function readRequiresPython(pyproject: string): PythonVersion | undefined {
  try {
    const data = parse(readFileSync(pyproject, 'utf8')) as { project?: { 'requires-python'?: unknown } };
    const specifier = data.project?.['requires-python'];
    return typeof specifier === 'string' ? lowerBound(specifier) : undefined;
  } catch {
    // A missing or malformed pyproject.toml says nothing about the version.
    return undefined;
  }
}

/** Looks upward from the file's folder; results are cached per folder until `clearPythonVersionCache`. */
export function pythonVersionFor(filePath: string): PythonVersion | undefined {
  const visited: string[] = [];
  let dir = dirname(filePath);
  let found: PythonVersion | undefined;
  for (;;) {
    if (cache.has(dir)) {
      found = cache.get(dir);
      break;
    }
    visited.push(dir);
    const candidate = readRequiresPython(join(dir, 'pyproject.toml'));
    if (candidate) {
      found = candidate;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of visited) cache.set(folder, found);
  return found;
}

export function clearPythonVersionCache(): void {
  cache.clear();
}
