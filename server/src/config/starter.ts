// The starter configuration `awaitwise init` writes: every option, explained, with only
// harmless ones set, so the file changes nothing until it is edited.

/** Where the schema of awaitwise.json is published; editors fetch it from `$schema`. */
export const CONFIG_SCHEMA_URL = 'https://raw.githubusercontent.com/awaitwise/awaitwise/main/server/schemas/awaitwise.schema.json';

/** A [tool.awaitwise] table, to append to a pyproject.toml. Lines end in `\n`. */
export const STARTER_TOML = `[tool.awaitwise]
# Awaitwise reads this table for the files in this folder and below, unless a folder further
# down has its own configuration. Every key is optional. Rules are named by id or by peer code
# (ASYNC251, no-floating-promises); \`awaitwise rules\` lists them.

# Rules never to report. Command-line --ignore adds to this list.
ignore = []

# Check only these rules instead of the default set; "all" includes the rules that are off by
# default. Command-line --select replaces this list.
# select = ["blocking-sleep", "dangling-task", "floating-promise"]

# Files and folders not to analyse, relative to this folder. A glob without "/" matches a name
# at any depth ("*_pb2.py"); one with "/" starts at this folder ("legacy/**").
exclude = []

# The Python version the code targets; fixes never suggest APIs it lacks. Left out, it is the
# lower bound of requires-python, else 3.11.
# python-version = "3.11"

# Your own blocking functions and methods, reported when async code calls them.
# blocking-calls = ["billing_sdk.charge", "legacy.Client.query"]

# Functions that take task_status and must be started with \`await tg.start(...)\`.
# startable-functions = ["serve_admin", "myapp.net.serve"]

# TS/JS calls whose promise may be left unawaited. Setting it replaces the default list
# (node:test's it, test, describe and suite).
# safe-calls = ["node:test.it", "my-kit.scenario"]

# Files larger than this many bytes are not analysed; 0 means no limit. Generated and minified
# files are never analysed, whatever their size.
# max-file-size = 2097152

# Severity per rule: "error", "warning", "information" or "hint"; "off" turns a rule off. A
# severity turns on a rule that is off by default.
[tool.awaitwise.rules]
# await-in-loop = "warning"
# ASYNC251 = "error"

# Rules never to report in some files: a glob relative to this folder, then the rules.
[tool.awaitwise.per-file-ignores]
# "tests/**" = ["blocking-sleep", "missing-timeout"]
`;

/** awaitwise.json: the schema brings descriptions and completions for the rest. */
export const STARTER_JSON = `${JSON.stringify({ $schema: CONFIG_SCHEMA_URL, ignore: [], rules: {}, exclude: [] }, null, 2)}\n`;
