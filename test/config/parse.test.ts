// Reading configuration files: every option in both formats, and a clear error naming the file
// and the key (or the line and column) for each kind of mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from '../../server/src/config/parse';
import { configErrorOf } from '../helpers/config-errors';

const JSON_PATH = '/project/awaitwise.json';
const TOML_PATH = '/project/pyproject.toml';

const FULL_OPTIONS = {
  select: ['all'],
  ignore: ['ASYNC251', 'no-floating-promises'],
  rules: { 'await-in-loop': 'warning', 'dangling-task': 'off' },
  perFileIgnores: [{ glob: 'tests/**', rules: ['blocking-sleep'] }],
  exclude: ['*_pb2.py', 'legacy/**'],
  pythonVersion: { major: 3, minor: 9 },
  blockingCalls: ['billing_sdk.charge'],
  startableFunctions: ['serve_admin', 'myapp.net.serve'],
  safeCalls: ['node:test.it', 'my-kit.scenario'],
  maxFileSize: 1048576,
};

test('awaitwise.json: every option, and $schema', () => {
  const text = JSON.stringify({
    $schema: 'https://example.com/schema.json',
    select: ['all'],
    ignore: ['ASYNC251', 'no-floating-promises'],
    rules: { 'await-in-loop': 'warning', 'dangling-task': 'off' },
    'per-file-ignores': { 'tests/**': ['blocking-sleep'] },
    exclude: ['*_pb2.py', 'legacy/**'],
    'python-version': '3.9',
    'blocking-calls': ['billing_sdk.charge'],
    'startable-functions': ['serve_admin', 'myapp.net.serve'],
    'safe-calls': ['node:test.it', 'my-kit.scenario'],
    'max-file-size': 1048576,
  });
  assert.deepEqual(parseConfigText(JSON_PATH, `\uFEFF${text}`), FULL_OPTIONS);
  assert.deepEqual(parseConfigText(JSON_PATH, '{}'), {});
});

test('pyproject.toml: every option in [tool.awaitwise], sub-tables included', () => {
  const text = `[project]
name = "app"

[tool.awaitwise]
select = ["all"]
ignore = ["ASYNC251", "no-floating-promises"]
exclude = ["*_pb2.py", "legacy/**"]
python-version = "3.9"
blocking-calls = ["billing_sdk.charge"]
startable-functions = ["serve_admin", "myapp.net.serve"]
safe-calls = ["node:test.it", "my-kit.scenario"]
max-file-size = 1_048_576

[tool.awaitwise.rules]
await-in-loop = "warning"
dangling-task = "off"

[tool.awaitwise.per-file-ignores]
"tests/**" = ["blocking-sleep"]
`;
  assert.deepEqual(parseConfigText(TOML_PATH, text), FULL_OPTIONS);
});

test('a pyproject.toml without [tool.awaitwise] is not a configuration', () => {
  assert.equal(parseConfigText(TOML_PATH, '[project]\nname = "app"\n\n[tool.ruff]\nline-length = 100\n'), undefined);
  assert.equal(parseConfigText(TOML_PATH, ''), undefined);
  assert.deepEqual(parseConfigText(TOML_PATH, '[tool.awaitwise]\n'), {});
});

test('unknown keys are errors, with the closest valid key when there is one', () => {
  assert.equal(configErrorOf(JSON_PATH, '{"selct": ["all"]}'), "awaitwise.json: selct: unknown key; did you mean 'select'?");
  assert.equal(configErrorOf(JSON_PATH, '{"blockingCalls": []}'), "awaitwise.json: blockingCalls: unknown key; did you mean 'blocking-calls'?");
  assert.equal(configErrorOf(TOML_PATH, '[tool.awaitwise]\npython_version = "3.9"\n'), "pyproject.toml: tool.awaitwise.python_version: unknown key; did you mean 'python-version'?");
  assert.match(configErrorOf(JSON_PATH, '{"colour": "red"}'), /^awaitwise\.json: colour: unknown key; the keys are select, ignore, rules, per-file-ignores, exclude, /);
  // $schema belongs to JSON files only.
  assert.match(configErrorOf(TOML_PATH, '[tool.awaitwise]\n"$schema" = "x"\n'), /^pyproject\.toml: tool\.awaitwise\.\$schema: unknown key/);
  assert.equal(configErrorOf(JSON_PATH, '{"$schema": 1}'), 'awaitwise.json: $schema: expected the URL or path of the schema, got 1');
});

test('wrong types name the key, and the entry of a list', () => {
  assert.equal(configErrorOf(JSON_PATH, '{"ignore": "ASYNC251"}'), 'awaitwise.json: ignore: expected a list of rule names, got "ASYNC251"');
  assert.equal(configErrorOf(JSON_PATH, '{"exclude": ["a", 3]}'), 'awaitwise.json: exclude[1]: expected a non-empty string such as "generated/**", got 3');
  assert.equal(configErrorOf(JSON_PATH, '{"safe-calls": [" "]}'), 'awaitwise.json: safe-calls[0]: expected a non-empty string such as "node:test.it", got " "');
  assert.equal(configErrorOf(JSON_PATH, '{"rules": ["blocking-sleep"]}'), 'awaitwise.json: rules: expected an object mapping rule ids to a severity, got a list');
  assert.equal(configErrorOf(TOML_PATH, '[tool.awaitwise]\nper-file-ignores = 1\n'), 'pyproject.toml: tool.awaitwise.per-file-ignores: expected a table mapping globs to lists of rules, got 1');
  assert.equal(configErrorOf(TOML_PATH, '[tool]\nawaitwise = "on"\n'), 'pyproject.toml: tool.awaitwise: expected a table, got "on"');
  assert.equal(configErrorOf(JSON_PATH, '["select"]'), 'awaitwise.json: expected an object of options, got a list');
  const bytes = 'expected a whole number of bytes such as 2097152, or 0 for no limit';
  assert.equal(configErrorOf(JSON_PATH, '{"max-file-size": "2MB"}'), `awaitwise.json: max-file-size: ${bytes}, got "2MB"`);
  assert.equal(configErrorOf(JSON_PATH, '{"max-file-size": -1}'), `awaitwise.json: max-file-size: ${bytes}, got -1`);
  assert.equal(configErrorOf(TOML_PATH, '[tool.awaitwise]\nmax-file-size = 1.5\n'), `pyproject.toml: tool.awaitwise.max-file-size: ${bytes}, got 1.5`);
  assert.deepEqual(parseConfigText(JSON_PATH, '{"max-file-size": 0}'), { maxFileSize: 0 });
});

test('rule names are checked wherever they appear; peer codes in any case and "all" are names', () => {
  assert.equal(
    configErrorOf(JSON_PATH, '{"select": ["blocking-sleep", "blocking-slep"]}'),
    "awaitwise.json: select[1]: 'blocking-slep' is not a rule id or peer code; did you mean 'blocking-sleep'?",
  );
  assert.equal(configErrorOf(JSON_PATH, '{"ignore": ["nothing-like-a-rule"]}'), "awaitwise.json: ignore[0]: 'nothing-like-a-rule' is not a rule id or peer code");
  assert.match(configErrorOf(JSON_PATH, '{"rules": {"blocking-sleeps": "off"}}'), /^awaitwise\.json: rules\.blocking-sleeps: 'blocking-sleeps' is not a rule id/);
  assert.equal(
    configErrorOf(JSON_PATH, '{"rules": {"blocking-sleep": "loud"}}'),
    'awaitwise.json: rules.blocking-sleep: expected "error", "warning", "information", "hint" or "off", got "loud"',
  );
  assert.match(configErrorOf(TOML_PATH, '[tool.awaitwise.per-file-ignores]\n"tests/**" = ["ok", "blocking-sleep"]\n'), /^pyproject\.toml: tool\.awaitwise\.per-file-ignores\."tests\/\*\*"\[0\]: 'ok' is not/);
  assert.equal(configErrorOf(JSON_PATH, '{"select": []}'), 'awaitwise.json: select: needs at least one rule name; to turn rules off, use ignore');
  assert.deepEqual(parseConfigText(JSON_PATH, '{"select": ["async251", "all"], "rules": {"No-Floating-Promises": "hint"}}'), {
    select: ['async251', 'all'],
    rules: { 'No-Floating-Promises': 'hint' },
  });
});

test('Python versions and dotted names are checked as the command line checks them', () => {
  assert.equal(configErrorOf(JSON_PATH, '{"python-version": "2.7"}'), 'awaitwise.json: python-version: expected a Python 3 version such as "3.11", got "2.7"');
  assert.equal(configErrorOf(JSON_PATH, '{"python-version": ">=3.9"}'), 'awaitwise.json: python-version: expected a Python 3 version such as "3.11", got ">=3.9"');
  // Unquoted in TOML, 3.10 is the number 3.1.
  assert.equal(
    configErrorOf(TOML_PATH, '[tool.awaitwise]\npython-version = 3.10\n'),
    'pyproject.toml: tool.awaitwise.python-version: expected a string such as "3.11", got the number 3.1: write it in quotes',
  );
  assert.equal(configErrorOf(JSON_PATH, '{"blocking-calls": ["ok.name", "requests.*"]}'), 'awaitwise.json: blocking-calls[1]: expected a dotted name such as "mylib.fetch_sync", got "requests.*"');
  assert.equal(configErrorOf(TOML_PATH, '[tool.awaitwise]\nstartable-functions = ["serve admin"]\n'), 'pyproject.toml: tool.awaitwise.startable-functions[0]: expected a dotted name such as "myapp.serve", got "serve admin"');
});

test('malformed files are errors with a line and column', () => {
  assert.equal(configErrorOf(JSON_PATH, '{\n  "select": ["all"],\n}\n'), 'awaitwise.json:3:1: invalid JSON: JSON allows no comma before a closing bracket');
  assert.equal(configErrorOf(JSON_PATH, '{\n  "ignore": [ASYNC251]\n}'), 'awaitwise.json:2:14: invalid JSON: expected a value: a string in double quotes, a number, true, false, null, a list or an object');
  assert.equal(configErrorOf(JSON_PATH, '{"ignore": []'), 'awaitwise.json:1:14: invalid JSON: the text ends too early');
  assert.equal(configErrorOf(JSON_PATH, "{'ignore': []}"), 'awaitwise.json:1:2: invalid JSON: expected a key in double quotes');
  assert.equal(configErrorOf(JSON_PATH, '{} {}'), 'awaitwise.json:1:4: invalid JSON: unexpected text after the end of the JSON value');
  assert.equal(configErrorOf(TOML_PATH, '[tool.awaitwise]\nignore = ["ASYNC251"\n'), 'pyproject.toml:3:1: invalid TOML: expected comma or end of structure');
  assert.match(configErrorOf(TOML_PATH, '[tool.awaitwise]\nignore = []\nignore = []\n'), /^pyproject\.toml:3:1: invalid TOML: /);
});
