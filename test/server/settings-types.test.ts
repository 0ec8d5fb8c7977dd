// Every contributed setting, given a value of the wrong type: one warning naming the setting
// and what it expects, and the default in its place. The settings come from package.json, so a
// new one is covered the day it is contributed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/server/settings';

interface SettingSchema {
  type: string;
  enum?: unknown[];
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};

/** Read by vscode-languageclient in the extension host, never sent to the server. */
const CLIENT_ONLY = new Set(['awaitwise.trace.server']);

/** Values of every other JSON type than the schema's, and for enums a string outside them. */
function wrongValues(schema: SettingSchema): unknown[] {
  const all: Record<string, unknown[]> = { boolean: [true], string: ['x'], integer: [1], array: [['x']], object: [{ x: 1 }] };
  const wrong = Object.entries(all)
    .filter(([type]) => type !== schema.type)
    .flatMap(([, values]) => values);
  if (schema.type === 'integer') wrong.push(1.5, -1);
  if (schema.enum) wrong.push('none of them');
  return [...wrong, null];
}

/** The words of the warning that say what the setting expects. */
function expectedWords(schema: SettingSchema): RegExp {
  if (schema.enum) return /expected one of "[^"]+"(, "[^"]+")+, got /;
  const words: Record<string, RegExp> = {
    boolean: /expected true or false, got /,
    string: /expected a \w+ such as "[^"]+".*, got /,
    integer: /expected a whole number of \w+.*, got /,
    array: /expected a list of [^,]+, got /,
    object: /expected an object mapping [^,]+, got /,
  };
  return words[schema.type]!;
}

/** `{ python: { blockingCalls: value } }` for `awaitwise.python.blockingCalls`. */
function section(setting: string, value: unknown): unknown {
  return setting
    .split('.')
    .slice(1)
    .reduceRight<unknown>((inner, name) => ({ [name]: inner }), value);
}

test('every setting with a value of the wrong type warns once, naming it and what it expects, and keeps the default', () => {
  const settings = Object.entries(manifest.contributes.configuration.properties).filter(([name]) => !CLIENT_ONLY.has(name));
  assert.ok(settings.length >= 11);
  for (const [name, schema] of settings) {
    for (const value of wrongValues(schema)) {
      const warnings: string[] = [];
      const parsed = parseSettings(section(name, value), (message) => warnings.push(message));
      const what = `${name} = ${JSON.stringify(value)}`;
      assert.deepEqual(parsed, DEFAULT_SETTINGS, what);
      assert.equal(warnings.length, 1, `${what}: ${warnings.join(' | ')}`);
      assert.ok(warnings[0]!.startsWith(`Ignoring "${name}": `), `${what}: ${warnings[0]}`);
      assert.match(warnings[0]!, expectedWords(schema), what);
      assert.ok(warnings[0]!.endsWith(`got ${JSON.stringify(value)}.`), `${what}: ${warnings[0]}`);
    }
  }
});
