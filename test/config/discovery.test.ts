// Which configuration file governs a file: the nearest, awaitwise.json before pyproject.toml,
// pyproject.toml only with a [tool.awaitwise] table, no merging, and a cache per folder.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../server/src/config/config-error';
import { ConfigFiles, isConfigFileName, loadConfigFile } from '../../server/src/config/discovery';
import { tempTree } from '../helpers/temp-tree';

test('the nearest configuration wins, and is used alone', () => {
  const root = tempTree({
    'pyproject.toml': '[tool.awaitwise]\nignore = ["ASYNC251"]\nexclude = ["gen"]\n',
    'app/awaitwise.json': '{"select": ["dangling-task"]}',
    'app/deep/er/module.py': '',
    'lib/pyproject.toml': '[project]\nname = "lib"\n',
    'lib/module.py': '',
  });
  const configs = new ConfigFiles();
  const app = configs.forPath(join(root, 'app/deep/er/module.py'));
  assert.equal(app?.path, join(root, 'app/awaitwise.json'));
  assert.equal(app?.folder, join(root, 'app'));
  assert.deepEqual(app?.options, { select: ['dangling-task'] }, 'nothing merged from the pyproject.toml above');
  // lib/pyproject.toml has no [tool.awaitwise]: the root's applies.
  assert.equal(configs.forPath(join(root, 'lib/module.py'))?.path, join(root, 'pyproject.toml'));
  assert.equal(configs.lookup(root).kind, 'found');
});

test('in one folder, awaitwise.json wins over pyproject.toml', () => {
  const root = tempTree({ 'awaitwise.json': '{"ignore": ["ASYNC251"]}', 'pyproject.toml': '[tool.awaitwise]\nignore = ["ASYNC105"]\n', 'a.py': '' });
  assert.deepEqual(new ConfigFiles().forPath(join(root, 'a.py'))?.options, { ignore: ['ASYNC251'] });
});

test('lookups are cached per folder until cleared', () => {
  const root = tempTree({ 'awaitwise.json': '{"ignore": ["ASYNC251"]}', 'src/a.py': '' });
  const configs = new ConfigFiles();
  const first = configs.forPath(join(root, 'src/a.py'));
  writeFileSync(join(root, 'awaitwise.json'), '{"ignore": ["ASYNC105"]}');
  assert.equal(configs.forPath(join(root, 'src/b.py')), first, 'read once for the run');
  configs.clear();
  assert.deepEqual(configs.forPath(join(root, 'src/a.py'))?.options, { ignore: ['ASYNC105'] });
  rmSync(join(root, 'awaitwise.json'));
  configs.clear();
  assert.notEqual(configs.forPath(join(root, 'src/a.py'))?.path, join(root, 'awaitwise.json'), 'a removed file no longer applies');
});

test('an invalid configuration is reported for every file it governs, with the text that failed', () => {
  const root = tempTree({ 'awaitwise.json': '{"ignore": ["nope"]}', 'a/b.py': '' });
  const configs = new ConfigFiles();
  const lookup = configs.lookup(join(root, 'a'));
  assert.equal(lookup.kind, 'invalid');
  assert.equal(lookup.kind === 'invalid' && lookup.text, '{"ignore": ["nope"]}');
  assert.throws(() => configs.forPath(join(root, 'a/b.py')), (error) => error instanceof ConfigError && error.file === join(root, 'awaitwise.json'));
  // An invalid file does not let a configuration further up apply instead.
  const nested = tempTree({ 'pyproject.toml': '[tool.awaitwise]\n', 'sub/awaitwise.json': '{', 'sub/c.py': '' });
  assert.throws(() => new ConfigFiles().forPath(join(nested, 'sub/c.py')), /awaitwise\.json:1:2: invalid JSON/);
});

test('a named configuration file must exist and, in TOML, have the table', () => {
  const root = tempTree({ 'custom.json': '{"ignore": ["ASYNC251"]}', 'pyproject.toml': '[project]\nname = "x"\n' });
  assert.deepEqual(loadConfigFile(join(root, 'custom.json')).options, { ignore: ['ASYNC251'] });
  assert.throws(() => loadConfigFile(join(root, 'pyproject.toml')), /pyproject\.toml: it has no \[tool\.awaitwise\] table/);
  assert.throws(() => loadConfigFile(join(root, 'missing.json')), /missing\.json: no such file/);
});

test('watchers know the configuration file names', () => {
  assert.ok(isConfigFileName('file:///w/app/awaitwise.json'));
  assert.ok(isConfigFileName('/w/pyproject.toml'));
  assert.ok(!isConfigFileName('/w/awaitwise.json.bak'));
});
