// The "ignore on this line" edit: each case applies the edit and runs the engine again to
// check that the finding is gone and that nothing else changed.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SourceDocument, analyze, analyzeDocument, initEngine, type SourceLanguage } from '../../server/src/engine';
import { suppressionEdit } from '../../server/src/engine/suppression-edits';
import { applyTextEdits } from '../helpers/text-edits';

before(() => initEngine());

/**
 * Silences the first finding of `ruleId` and returns the new text, or undefined when no edit is
 * offered. When there is one, the engine must drop exactly that finding.
 */
function silence(text: string, language: SourceLanguage, ruleId: string): string | undefined {
  const document = new SourceDocument(text, language);
  try {
    const { findings, suppressions } = analyzeDocument(document);
    const finding = findings.find((candidate) => candidate.ruleId === ruleId);
    assert.ok(finding, `expected a ${ruleId} finding in:\n${text}`);
    const edit = suppressionEdit(document, suppressions, { ruleId, line: finding.range.start.line });
    if (!edit) return undefined;
    const silenced = applyTextEdits(text, [edit]);
    const remaining = analyze(silenced, language);
    assert.equal(remaining.length, findings.length - 1, `one finding fewer after the edit:\n${silenced}`);
    assert.equal(remaining.filter((other) => other.ruleId === ruleId).length, findings.filter((other) => other.ruleId === ruleId).length - 1);
    return silenced;
  } finally {
    document.dispose();
  }
}

const py = (body: string): string => `import time\n\nasync def fetch():\n    return 1\n\nasync def main():\n${body}`;

test('Python: appends a directive two spaces after the code, replacing trailing whitespace', () => {
  assert.equal(silence(py('    time.sleep(1)\n'), 'python', 'blocking-sleep'), py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]\n'));
  assert.equal(silence(py('    time.sleep(1)   \n'), 'python', 'blocking-sleep'), py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]\n'));
  assert.equal(silence(py('    time.sleep(1)'), 'python', 'blocking-sleep'), py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]'), 'last line without newline');
});

test('Python: after an existing comment, and into an existing directive of ours', () => {
  assert.equal(
    silence(py('    time.sleep(1)  # wait for the device\n'), 'python', 'blocking-sleep'),
    py('    time.sleep(1)  # wait for the device  # awaitwise: ignore[blocking-sleep]\n'),
  );
  assert.equal(
    silence(py('    time.sleep(1); fetch()  # noqa: E702\n'), 'python', 'unawaited-coroutine'),
    py('    time.sleep(1); fetch()  # noqa: E702  # awaitwise: ignore[unawaited-coroutine]\n'),
  );
  assert.equal(
    silence(py('    time.sleep(1); fetch()  # awaitwise: ignore[unawaited-coroutine]\n'), 'python', 'blocking-sleep'),
    py('    time.sleep(1); fetch()  # awaitwise: ignore[unawaited-coroutine, blocking-sleep]\n'),
  );
  assert.equal(
    silence(py('    time.sleep(1); fetch()  #awaitwise:ignore[unawaited-coroutine] -- flaky\n'), 'python', 'blocking-sleep'),
    py('    time.sleep(1); fetch()  #awaitwise:ignore[unawaited-coroutine, blocking-sleep] -- flaky\n'),
  );
});

test('Python: keeps CRLF line endings', () => {
  const text = py('    time.sleep(1)\n    fetch()\n').replace(/\n/g, '\r\n');
  assert.equal(silence(text, 'python', 'blocking-sleep'), py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]\n    fetch()\n').replace(/\n/g, '\r\n'));
});

test('Python: a # inside a string is not a comment; a comment may end in a backslash', () => {
  assert.equal(
    silence(py('    time.sleep(1); tag = "# not a comment"\n'), 'python', 'blocking-sleep'),
    py('    time.sleep(1); tag = "# not a comment"  # awaitwise: ignore[blocking-sleep]\n'),
  );
  assert.equal(
    silence(py('    time.sleep(1)  # see C:\\\n'), 'python', 'blocking-sleep'),
    py('    time.sleep(1)  # see C:\\  # awaitwise: ignore[blocking-sleep]\n'),
  );
});

test('Python: nothing when the line continues with a backslash or ends inside a string', () => {
  assert.equal(silence(py('    delay = time.sleep(1) or \\\n        2\n'), 'python', 'blocking-sleep'), undefined);
  assert.equal(silence(py('    time.sleep(1); text = """first\n    second"""\n'), 'python', 'blocking-sleep'), undefined);
  assert.equal(silence(py("    time.sleep(1); text = f'''{fetch}\n    '''\n"), 'python', 'blocking-sleep'), undefined);
});

test('Python: a finding on the line where a multi-line string closes is fine', () => {
  assert.equal(
    silence(py('    text = """first\n    second"""; time.sleep(1)\n'), 'python', 'blocking-sleep'),
    py('    text = """first\n    second"""; time.sleep(1)  # awaitwise: ignore[blocking-sleep]\n'),
  );
});

const ts = (body: string): string => `async function save(): Promise<void> {}\nasync function main() {\n${body}}\n`;

test('TS: a directive line above, with the same indentation', () => {
  assert.equal(silence(ts('  save();\n'), 'typescript', 'floating-promise'), ts('  // awaitwise-ignore-next-line floating-promise\n  save();\n'));
  assert.equal(silence(ts('\t\tsave();\n'), 'typescript', 'floating-promise'), ts('\t\t// awaitwise-ignore-next-line floating-promise\n\t\tsave();\n'));
  assert.equal(
    silence('new Promise(async (resolve) => resolve(1)).catch(() => {});\n', 'javascript', 'async-promise-executor'),
    '// awaitwise-ignore-next-line async-promise-executor\nnew Promise(async (resolve) => resolve(1)).catch(() => {});\n',
    'on the first line',
  );
});

test('TS: uses the file line ending', () => {
  const text = ts('  save();\n').replace(/\n/g, '\r\n');
  assert.equal(silence(text, 'typescript', 'floating-promise'), ts('  // awaitwise-ignore-next-line floating-promise\n  save();\n').replace(/\n/g, '\r\n'));
});

test('TS: extends a directive of ours on the line above, before a reason or a comment end', () => {
  const executor = '  new Promise(async (resolve) => resolve(1));\n';
  assert.equal(
    silence(ts(`  // awaitwise-ignore-next-line floating-promise\n${executor}`), 'typescript', 'async-promise-executor'),
    ts(`  // awaitwise-ignore-next-line floating-promise, async-promise-executor\n${executor}`),
  );
  assert.equal(
    silence(ts(`  // awaitwise-ignore-next-line floating-promise -- fire and forget\n${executor}`), 'typescript', 'async-promise-executor'),
    ts(`  // awaitwise-ignore-next-line floating-promise, async-promise-executor -- fire and forget\n${executor}`),
  );
  assert.equal(
    silence(ts(`  /* awaitwise-ignore-next-line floating-promise */\n${executor}`), 'typescript', 'async-promise-executor'),
    ts(`  /* awaitwise-ignore-next-line floating-promise, async-promise-executor */\n${executor}`),
  );
});

test('TS: nothing below another tool\'s next-line directive, which the new line would take over', () => {
  assert.equal(silence(ts('  // eslint-disable-next-line no-console\n  save();\n'), 'typescript', 'floating-promise'), undefined);
  assert.equal(silence(ts('  // @ts-expect-error wrong on purpose\n  save();\n'), 'typescript', 'floating-promise'), undefined);
});

test('TS: nothing when the line starts inside a template literal', () => {
  const text = 'const text = `first\n${new Promise(async (resolve) => resolve(1))}`;\n';
  assert.equal(silence(text, 'typescript', 'async-promise-executor'), undefined);
  const inSubstitution = 'const text = `first ${\n  String(new Promise(async (resolve) => resolve(1)))\n}`;\n';
  assert.equal(
    silence(inSubstitution, 'typescript', 'async-promise-executor'),
    'const text = `first ${\n  // awaitwise-ignore-next-line async-promise-executor\n  String(new Promise(async (resolve) => resolve(1)))\n}`;\n',
    'inside ${...} a line comment is code',
  );
});

const jsx = (children: string): string => `async function save(): Promise<void> {}\nexport function App() {\n  return (\n    <div>\n${children}    </div>\n  );\n}\n`;

test('JSX: a JSX comment among children, a line comment inside an expression', () => {
  const child = '      {String(new Promise(async (resolve) => resolve(1)))}\n';
  assert.equal(
    silence(jsx(child), 'typescriptreact', 'async-promise-executor'),
    jsx(`      {/* awaitwise-ignore-next-line async-promise-executor */}\n${child}`),
  );
  const inHandler = '      <button onClick={() => {\n        save();\n      }} />\n';
  assert.equal(
    silence(jsx(inHandler), 'javascriptreact', 'floating-promise'),
    jsx('      <button onClick={() => {\n        // awaitwise-ignore-next-line floating-promise\n        save();\n      }} />\n'),
  );
  assert.equal(
    silence(jsx(`      {/* awaitwise-ignore-next-line floating-promise */}\n${child}`), 'typescriptreact', 'async-promise-executor'),
    jsx(`      {/* awaitwise-ignore-next-line floating-promise, async-promise-executor */}\n${child}`),
  );
});
