// The suppression grammar, in the editor and the CLI alike (both go through the engine).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyze as analyzeAll, initEngine, type SourceLanguage } from '../../server/src/engine';

before(() => initEngine());

/** Findings of the rules the comments silence; unused-suppression's own are tested in unused-suppressions.test.ts. */
function analyze(text: string, language: SourceLanguage) {
  return analyzeAll(text, language).filter((finding) => finding.ruleId !== 'unused-suppression');
}

const sleepLine = (comment: string) => `import time\nasync def f():\n    time.sleep(1)${comment}\n`;

test('Python: awaitwise ignore with ids, bare, and noqa aliases', () => {
  assert.equal(analyze(sleepLine(''), 'python').length, 1);
  assert.equal(analyze(sleepLine('  # awaitwise: ignore[blocking-sleep]'), 'python').length, 0);
  assert.equal(analyze(sleepLine('  # awaitwise: ignore[dangling-task, blocking-sleep]'), 'python').length, 0);
  assert.equal(analyze(sleepLine('  # awaitwise: ignore'), 'python').length, 0);
  assert.equal(analyze(sleepLine('  # noqa: ASYNC251'), 'python').length, 0);
  assert.equal(analyze(sleepLine('  # noqa: E501,async251'), 'python').length, 0, 'codes are case-insensitive');
  assert.equal(analyze(sleepLine('  # type: ignore  # awaitwise: ignore[blocking-sleep]'), 'python').length, 0);
});

test('Python: directives that name other rules, or sit in strings, do not suppress', () => {
  assert.equal(analyze(sleepLine('  # awaitwise: ignore[dangling-task]'), 'python').length, 1);
  assert.equal(analyze(sleepLine('  # noqa: ASYNC300'), 'python').length, 1);
  assert.equal(analyze(sleepLine('  # noqa'), 'python').length, 1, 'a bare noqa belongs to flake8');
  const inString = 'import time\nasync def f():\n    time.sleep(1); x = "# awaitwise: ignore"\n';
  assert.equal(analyze(inString, 'python').length, 1);
});

const script = (above: string) => `async function save() {}\nfunction g() {\n${above}  save();\n}\n`;

test('TS/JS: next-line directives in line, block and JSX comments', () => {
  assert.equal(analyze(script(''), 'typescript').length, 1);
  assert.equal(analyze(script('  // awaitwise-ignore-next-line floating-promise\n'), 'typescript').length, 0);
  assert.equal(analyze(script('  // awaitwise-ignore-next-line floating-promise -- fire and forget\n'), 'typescript').length, 0);
  assert.equal(analyze(script('  /* awaitwise-ignore-next-line floating-promise */\n'), 'typescript').length, 0);
  assert.equal(analyze(script('  // awaitwise-ignore-next-line\n'), 'typescript').length, 0);
  assert.equal(analyze(script('  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n'), 'typescript').length, 0);
  assert.equal(analyze(script('  // awaitwise-ignore-next-line blocking-file-io\n'), 'typescript').length, 1);
  assert.equal(analyze(script('  // eslint-disable-next-line\n'), 'typescript').length, 1, 'a bare eslint directive is ESLint\'s');
  const jsx = 'async function save() {}\nexport const A = () => (\n  <div>\n    {/* awaitwise-ignore-next-line floating-promise */}\n    {void 0}\n  </div>\n);\nfunction g() {\n  save();\n}\n';
  assert.equal(analyze(jsx, 'typescriptreact').length, 1, 'the JSX directive applies only to its next line');
});
