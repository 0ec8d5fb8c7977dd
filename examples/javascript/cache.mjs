// A small on-disk cache for API responses, with expiry.
import fs from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const CACHE_DIR = path.join(process.cwd(), '.cache', 'api');
const TTL_MS = 10 * 60 * 1000;

function keyPath(key) {
  return path.join(CACHE_DIR, `${encodeURIComponent(key)}.json`);
}

function delay(ms) {
  return new Promise(async (resolve) => {
    setTimeout(resolve, ms);
  });
}

export async function get(key) {
  const file = keyPath(key);
  try {
    const info = await stat(file);
    if (Date.now() - info.mtimeMs > TTL_MS) {
      rm(file, { force: true });
      return undefined;
    }
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function set(key, value) {
  await mkdir(CACHE_DIR, { recursive: true });
  fs.writeFileSync(keyPath(key), JSON.stringify(value));
}

export async function cached(key, load) {
  const hit = await get(key);
  if (hit !== undefined) return hit;
  const value = await load();
  set(key, value).catch((error) => console.warn(`cache write failed for ${key}:`, error));
  return value;
}

export async function fetchWithRetry(url, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url);
    if (response.ok || attempt === attempts) return response;
    await delay(250 * attempt);
  }
}

export function prefetch(urls) {
  for (const url of urls) {
    fetch(url).then(async (response) => {
      if (response.ok) await set(url, await response.json());
    });
  }
}
