// The manifest's workspace-trust declaration against the server: VS Code restricts exactly the
// settings whose configuration-file keys the server leaves out in an untrusted workspace, each
// of them a contributed setting that a workspace could otherwise set.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_KEYS } from '../../server/src/config/options';
import { UNTRUSTED_RESTRICTIONS } from '../../server/src/server/workspace-trust';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const settings = manifest.contributes.configuration.properties;
const untrusted = manifest.capabilities?.untrustedWorkspaces;

test('untrusted workspaces are supported in a limited way, and the description says how', () => {
  assert.equal(untrusted?.supported, 'limited');
  assert.ok(untrusted.description && untrusted.description.length > 0);
  for (const { key } of UNTRUSTED_RESTRICTIONS) assert.ok(untrusted.description.includes(key), `the description names ${key}`);
});

test('the restricted settings are the ones the server restricts, each contributed and settable by a workspace', () => {
  const restricted = untrusted?.restrictedConfigurations ?? [];
  assert.deepEqual([...restricted].sort(), UNTRUSTED_RESTRICTIONS.map((restriction) => restriction.setting).sort());
  for (const { setting, key } of UNTRUSTED_RESTRICTIONS) {
    assert.ok(setting in settings, `${setting} is contributed`);
    // Settings of the application or machine scope cannot come from a workspace: restricting one would mean nothing.
    assert.ok(!['application', 'machine'].includes(settings[setting]!.scope ?? 'window'), `${setting} can be set by a workspace`);
    assert.ok((CONFIG_KEYS as readonly string[]).includes(key), `${key} is a configuration-file key`);
  }
});

test('no setting names a program to run or a path to load: one would have to be restricted', () => {
  // Today none does (there is no awaitwise.path nor interpreter setting); this fails the day one is added unrestricted.
  const restricted = new Set(untrusted?.restrictedConfigurations ?? []);
  const executable = Object.keys(settings).filter((name) => /(path|paths|executable|interpreter|command|binary|args|runtime|node|plugins?)$/i.test(name));
  assert.deepEqual(executable.filter((name) => !restricted.has(name)), []);
});
