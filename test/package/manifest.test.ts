// The extension manifest against the code it describes: command ids, activation languages, the
// fix-all kind the client asks the server for, the shape of every contributed setting, and the
// schema of awaitwise.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMAND_IDS, DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../client/src/contract';
import { CONFIG_SCHEMA_PATH } from '../../scripts/docs/config-schema';
import { CONFIG_JSON_NAME } from '../../server/src/config/discovery';
import { isDottedName } from '../../server/src/engine/config';
import { SUPPORTED_LANGUAGES } from '../../server/src/engine/languages';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/skip';
import { DEFAULT_SAFE_CALLS } from '../../server/src/engine/typescript/safe-calls';
import { FIX_ALL_KIND as SERVER_FIX_ALL_KIND } from '../../server/src/server/capabilities';
import { DIAGNOSTIC_SOURCE as SERVER_DIAGNOSTIC_SOURCE } from '../../server/src/server/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/server/settings';
import { TYPE_AWARE_MODES } from '../../server/src/workspace/typescript-projects';

interface SettingSchema {
  type: string;
  default: unknown;
  enum?: unknown[];
  enumDescriptions?: string[];
  pattern?: string;
  items?: { type: string; pattern?: string };
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { title: string; properties: Record<string, SettingSchema> };
    jsonValidation: { fileMatch: string; url: string }[];
  };
};

test('awaitwise.json files are checked against the generated schema', () => {
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: CONFIG_JSON_NAME, url: `./${CONFIG_SCHEMA_PATH}` }]);
});

test('every command in the command table is contributed, and nothing else', () => {
  assert.deepEqual(manifest.contributes.commands.map((command) => command.command).sort(), [...COMMAND_IDS].sort());
  for (const command of manifest.contributes.commands) {
    assert.equal(command.category, 'Awaitwise', command.command);
    assert.ok(command.title.length > 0, command.command);
  }
});

test('the extension activates for exactly the languages the server analyses', () => {
  assert.deepEqual(manifest.activationEvents, SUPPORTED_LANGUAGES.map((language) => `onLanguage:${language}`));
  assert.equal(manifest.main, './dist/extension.js');
});

test('the fix-all command asks for the kind the server offers', () => {
  assert.equal(FIX_ALL_KIND, SERVER_FIX_ALL_KIND);
});

test('the status bar counts the diagnostics by the source the server gives them', () => {
  assert.equal(DIAGNOSTIC_SOURCE, SERVER_DIAGNOSTIC_SOURCE);
});

test('settings are namespaced, described, and default to a value they accept', () => {
  const settings = Object.entries(manifest.contributes.configuration.properties);
  assert.deepEqual(settings.map(([name]) => name).sort(), [
    'awaitwise.enable',
    'awaitwise.exclude',
    'awaitwise.maxFileSize',
    'awaitwise.python.blockingCalls',
    'awaitwise.python.startableFunctions',
    'awaitwise.pythonVersion',
    'awaitwise.rules',
    'awaitwise.run',
    'awaitwise.scope',
    'awaitwise.trace.server',
    'awaitwise.typescript.safeCalls',
    'awaitwise.typescript.typeAware',
  ]);
  for (const [name, schema] of settings) {
    assert.ok((schema.markdownDescription ?? schema.description ?? '').length > 0, `${name}: no description`);
    assert.ok('default' in schema, `${name}: no default`);
    if (schema.enum) {
      assert.ok(schema.enum.includes(schema.default), `${name}: default not in enum`);
      assert.equal(schema.enumDescriptions?.length, schema.enum.length, `${name}: enumDescriptions`);
    }
    if (schema.pattern) assert.match(String(schema.default), new RegExp(schema.pattern), `${name}: default fails its pattern`);
  }
  const pythonVersion = new RegExp(manifest.contributes.configuration.properties['awaitwise.pythonVersion']!.pattern!);
  for (const accepted of ['', '3.9', '3.13']) assert.match(accepted, pythonVersion);
  for (const rejected of ['3', '3.11.2', '2.7', '>=3.9']) assert.doesNotMatch(rejected, pythonVersion);
});

test('the TypeScript settings default to what the server and the CLI assume', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(properties['awaitwise.typescript.safeCalls']!.default, DEFAULT_SAFE_CALLS);
  assert.deepEqual(properties['awaitwise.typescript.safeCalls']!.default, DEFAULT_SETTINGS.safeCalls);
  assert.equal(properties['awaitwise.typescript.typeAware']!.default, DEFAULT_SETTINGS.typeAware);
  assert.deepEqual(properties['awaitwise.typescript.typeAware']!.enum, TYPE_AWARE_MODES);
});

test('the size limit defaults to what the server and the CLI assume', () => {
  assert.equal(manifest.contributes.configuration.properties['awaitwise.maxFileSize']!.default, DEFAULT_MAX_FILE_SIZE);
  assert.equal(DEFAULT_SETTINGS.maxFileSize, DEFAULT_MAX_FILE_SIZE);
});

test('the blockingCalls and startableFunctions schemas accept the names the server accepts', () => {
  for (const setting of ['awaitwise.python.blockingCalls', 'awaitwise.python.startableFunctions']) {
    const pattern = new RegExp(manifest.contributes.configuration.properties[setting]!.items!.pattern!);
    for (const name of ['billing_sdk.charge', 'legacy.Client.query', 'slow', '_private._call', 'db.', '.db', 'a..b', 'requests.*', 'a b', '3rd.party']) {
      assert.equal(pattern.test(name), isDottedName(name), `${setting}: ${name}`);
    }
  }
});
