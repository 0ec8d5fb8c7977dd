// Every configuration-file key, given a value of the wrong type, in both formats: an error
// naming the file and the key (and the entry, inside a list) and saying what the key expects.
// The table is typed by the keys, so a new key does not compile until it is covered here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigKey } from '../../server/src/config/options';
import { CONFIG_KEYS } from '../../server/src/config/options';
import { configErrorOf } from '../helpers/config-errors';

/** Wrong values for each key; `entry` ones sit inside a list, and the error names `key[0]`. */
const WRONG: Readonly<Record<ConfigKey, { values: unknown[]; entry?: unknown[] }>> = {
  select: { values: ['all', 3, true, {}], entry: [3, ['all']] },
  ignore: { values: ['ASYNC251', 3, {}], entry: [false] },
  rules: { values: [['blocking-sleep'], 'off', 3] },
  'per-file-ignores': { values: [['tests/**'], 'tests/**', 3] },
  exclude: { values: ['generated/**', 3, {}], entry: [3, ''] },
  'python-version': { values: [3, true, ['3.11'], {}] },
  'blocking-calls': { values: ['billing.charge', 3, {}], entry: [3, 'not a name'] },
  'startable-functions': { values: ['serve', 3, {}], entry: [{}, 'serve-*'] },
  'safe-calls': { values: ['node:test.it', 3, {}], entry: [3, ' '] },
  'max-file-size': { values: ['2MB', true, [1], {}, -1, 1.5] },
};

/** A value as TOML writes it inline. */
function toml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `{ ${Object.entries(value).map(([key, inner]) => `${key} = ${toml(inner)}`).join(', ')} }`;
  return JSON.stringify(value);
}

test('every key with a value of the wrong type is an error naming the file, the key and what it expects', () => {
  assert.deepEqual(Object.keys(WRONG).sort(), [...CONFIG_KEYS].sort());
  for (const key of CONFIG_KEYS) {
    const cases = [...WRONG[key].values.map((value) => ({ value, at: key })), ...(WRONG[key].entry ?? []).map((entry) => ({ value: [entry], at: `${key}[0]` }))];
    for (const { value, at } of cases) {
      const json = configErrorOf('/project/awaitwise.json', JSON.stringify({ [key]: value }));
      assert.match(json, new RegExp(`^awaitwise\\.json: ${escape(at)}: expected .+, got .+$`), json);
      const fromToml = configErrorOf('/project/pyproject.toml', `[tool.awaitwise]\n${key} = ${toml(value)}\n`);
      assert.match(fromToml, new RegExp(`^pyproject\\.toml: tool\\.awaitwise\\.${escape(at)}: expected .+, got .+$`), fromToml);
    }
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
