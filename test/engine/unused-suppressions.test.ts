// unused-suppression: directives of ours that silence nothing, judged after the other rules;
// where each code of a directive is written; and the fix that removes what silences nothing.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { SourceDocument, analyze, analyzeDocument, initEngine, type AnalyzeOptions, type Finding, type SourceLanguage } from '../../server/src/engine';
import { applyFixList, safeFixes } from '../../server/src/engine/fixes';
import { ruleById } from '../../server/src/rules';
import { syntaxErrors } from '../helpers/parse-check';
import { typedAnalysisOptions } from '../helpers/typed-program';

before(() => initEngine());

const UNUSED = 'unused-suppression';

function unused(text: string, language: SourceLanguage, options: AnalyzeOptions = {}): Finding[] {
  return analyze(text, language, options).filter((finding) => finding.ruleId === UNUSED);
}

function messages(text: string, language: SourceLanguage, options: AnalyzeOptions = {}): string[] {
  return unused(text, language, options).map((finding) => finding.message);
}

/** Applies the safe fixes (fix-all), checks the result parses and that a second pass changes nothing. */
function fixAll(text: string, language: SourceLanguage, options: AnalyzeOptions = {}): string {
  const once = applyFixList(text, safeFixes(analyze(text, language, options))).text;
  assert.equal(syntaxErrors(once, language), 0, `the fixed text parses:\n${once}`);
  assert.deepEqual(unused(once, language, options).filter((finding) => finding.fixes.some((fix) => fix.safe)), [], `nothing left to fix:\n${once}`);
  assert.equal(applyFixList(once, safeFixes(analyze(once, language, options))).text, once, 'a second fix-all changes nothing');
  return once;
}

const py = (line: string): string => `import asyncio\nimport time\n\n\nasync def poll():\n${line}\n`;
const ts = (lines: string): string => `async function save(): Promise<void> {}\n\nexport function run(): void {\n${lines}\n}\n`;

describe('code ranges', () => {
  test('Python: ids in an ignore list and codes in a noqa list', () => {
    const text = 'x = 1  # awaitwise: ignore[blocking-sleep,  dangling-task]  # noqa: E501,ASYNC251\n';
    const document = new SourceDocument(text, 'python');
    try {
      const [ours, noqa] = analyzeDocument(document).suppressions;
      const slice = (range: { start: { character: number }; end: { character: number } }) => text.slice(range.start.character, range.end.character);
      assert.deepEqual(ours.codes, ['blocking-sleep', 'dangling-task']);
      assert.deepEqual(ours.codeRanges.map(slice), ours.codes);
      assert.deepEqual(ours.codeRanges[0], { start: { line: 0, character: 27 }, end: { line: 0, character: 41 } });
      assert.deepEqual(noqa.codeRanges.map(slice), ['E501', 'ASYNC251']);
      assert.equal(slice(ours.range), '# awaitwise: ignore[blocking-sleep,  dangling-task]');
    } finally {
      document.dispose();
    }
  });

  test('TS/JS: line and block comments, a reason, JSX braces, and code after a block comment', () => {
    const text = [
      '// awaitwise-ignore-next-line floating-promise, blocking-sleep -- why',
      'f();',
      '  /* awaitwise-ignore-next-line floating-promise */ g();',
      'h();',
      '// eslint-disable-next-line @typescript-eslint/no-floating-promises',
      'i();',
    ].join('\n');
    const document = new SourceDocument(text, 'typescript');
    try {
      const lines = text.split('\n');
      const [line, block, eslint] = analyzeDocument(document).suppressions;
      const slice = (range: { start: { line: number; character: number }; end: { character: number } }) =>
        lines[range.start.line].slice(range.start.character, range.end.character);
      assert.deepEqual(line.codeRanges.map(slice), ['floating-promise', 'blocking-sleep']);
      assert.deepEqual(block.codes, ['floating-promise'], 'the code after `*/` is not a code');
      assert.deepEqual(block.codeRanges.map(slice), ['floating-promise']);
      assert.equal(slice(block.range), '/* awaitwise-ignore-next-line floating-promise */', 'the range ends with the comment');
      assert.deepEqual(eslint.codeRanges.map(slice), ['@typescript-eslint/no-floating-promises']);
    } finally {
      document.dispose();
    }
  });

  test('TS/JS: directive-like lines in template literals and JSX text are not directives', () => {
    const template = 'const s = `\n// awaitwise-ignore-next-line floating-promise\n`;\nasync function save() {}\nsave();\n';
    const document = new SourceDocument(template, 'typescript');
    try {
      assert.deepEqual(analyzeDocument(document).suppressions, []);
    } finally {
      document.dispose();
    }
    const jsx = 'export const A = () => (\n  <pre>\n    // awaitwise-ignore-next-line not-a-rule\n  </pre>\n);\n';
    assert.deepEqual(unused(jsx, 'typescriptreact'), []);
  });
});

describe('what is reported', () => {
  test('used directives, ids and bare ones are silent', () => {
    assert.deepEqual(unused(py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]'), 'python'), []);
    assert.deepEqual(unused(py('    time.sleep(1)  # awaitwise: ignore'), 'python'), []);
    assert.deepEqual(unused(ts('  // awaitwise-ignore-next-line floating-promise\n  save();'), 'typescript'), []);
    assert.deepEqual(unused(ts('  // awaitwise-ignore-next-line\n  save();'), 'typescript'), []);
  });

  test('an id that reports nothing on the target line, with the code\'s own range in a list', () => {
    const text = py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep, dangling-task]');
    const [finding] = unused(text, 'python');
    assert.equal(finding.message, "'dangling-task' is suppressed here but reports nothing on this line");
    assert.equal(finding.severity, 'hint');
    assert.equal(text.split('\n')[5].slice(finding.range.start.character, finding.range.end.character), 'dangling-task');
    assert.deepEqual(messages(ts('  // awaitwise-ignore-next-line floating-promise\n  void save();'), 'typescript'), [
      "'floating-promise' is suppressed here but reports nothing on the next line",
    ]);
  });

  test('a directive whose every id is unused is reported once, over the whole directive', () => {
    const text = py('    await asyncio.sleep(1)  # awaitwise: ignore[blocking-sleep, dangling-task]');
    const [finding, ...rest] = unused(text, 'python');
    assert.deepEqual(rest, []);
    assert.equal(
      finding.message,
      "This suppression comment silences nothing: 'blocking-sleep' is suppressed here but reports nothing on this line; " +
        "'dangling-task' is suppressed here but reports nothing on this line",
    );
    assert.equal(text.split('\n')[5].slice(finding.range.start.character, finding.range.end.character), '# awaitwise: ignore[blocking-sleep, dangling-task]');
  });

  test('a bare directive that silences nothing', () => {
    assert.deepEqual(messages(py('    await asyncio.sleep(1)  # awaitwise: ignore'), 'python'), ['This suppression comment silences nothing on this line']);
    assert.deepEqual(messages(ts('  // awaitwise-ignore-next-line\n  void save();'), 'typescript'), [
      'This suppression comment silences nothing on the next line',
    ]);
  });

  test('unknown ids, with the closest id or the rule that covers a peer code', () => {
    assert.deepEqual(messages(py('    time.sleep(1)  # awaitwise: ignore[blockng-sleep]'), 'python'), [
      "Unknown rule id 'blockng-sleep' in a suppression comment; did you mean 'blocking-sleep'?",
    ]);
    assert.deepEqual(messages(py('    time.sleep(1)  # awaitwise: ignore[ASYNC251]'), 'python'), [
      "Unknown rule id 'ASYNC251' in a suppression comment; 'ASYNC251' is the peer code of 'blocking-sleep': write that id instead",
    ]);
    assert.deepEqual(messages(py('    open("f").read()  # awaitwise: ignore[ASYNC233]'), 'python'), [
      "Unknown rule id 'ASYNC233' in a suppression comment; 'ASYNC233' is a peer code covered by 'blocking-file-io' and 'blocking-os-path'",
    ]);
    assert.deepEqual(messages(ts('  // awaitwise-ignore-next-line no-floating-promises\n  save();'), 'typescript'), [
      "Unknown rule id 'no-floating-promises' in a suppression comment; 'no-floating-promises' is the peer code of 'floating-promise': write that id instead",
    ]);
    assert.deepEqual(messages(py('    x = 1  # awaitwise: ignore[completely-unrelated]'), 'python'), [
      "Unknown rule id 'completely-unrelated' in a suppression comment",
    ]);
    // The likely id is offered as a replacement, which is not safe (it starts silencing a finding).
    const [typo] = unused(py('    time.sleep(1)  # awaitwise: ignore[blockng-sleep]'), 'python');
    assert.deepEqual(typo.fixes.map((fix) => [fix.title, fix.safe]), [
      ["Replace with 'blocking-sleep'", false],
      ['Remove the unused suppression comment', true],
    ]);
    assert.deepEqual(analyze(applyFixList(py('    time.sleep(1)  # awaitwise: ignore[blockng-sleep]'), [typo.fixes[0]]).text, 'python'), []);
  });

  test('a rule that is turned off, or does not cover the language, or is listed twice', () => {
    const rules = new Map([[UNUSED, 'hint' as const]]);
    const [off] = unused(py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]'), 'python', { rules });
    assert.equal(off.message, "'blocking-sleep' is suppressed here but the rule is turned off");
    assert.deepEqual(off.fixes.map((fix) => fix.safe), [false], 'another configuration may turn it on: removal is only offered');
    assert.deepEqual(messages(py('    x = 1  # awaitwise: ignore[floating-promise]'), 'python'), [
      "'floating-promise' is suppressed here but only applies to TypeScript and JavaScript",
    ]);
    assert.deepEqual(messages(py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep, blocking-sleep]'), 'python'), [
      "'blocking-sleep' is listed twice in this suppression comment",
    ]);
  });

  test('a Python directive alone on its line gets a reminder that it applies to its own line', () => {
    assert.deepEqual(messages(py('    # awaitwise: ignore[blocking-sleep]\n    time.sleep(1)'), 'python'), [
      "'blocking-sleep' is suppressed here but reports nothing on this line (a Python suppression comment applies to its own line, not the next)",
    ]);
  });

  test('noqa and eslint-disable-next-line comments are never reported', () => {
    assert.deepEqual(unused(py('    x = 1  # noqa: ASYNC251'), 'python'), []);
    assert.deepEqual(unused(py('    x = 1  # noqa: E501, NOT1'), 'python'), []);
    assert.deepEqual(unused(ts('  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  void save();'), 'typescript'), []);
    assert.deepEqual(unused(ts('  // eslint-disable-next-line no-console\n  console.log(1);'), 'typescript'), []);
  });

  test('naming unused-suppression keeps a directive from being judged, and silences hints on its line', () => {
    assert.deepEqual(unused(py('    x = 1  # awaitwise: ignore[blocking-sleep, unused-suppression]'), 'python'), []);
    assert.deepEqual(unused(ts('  // awaitwise-ignore-next-line floating-promise, unused-suppression\n  void save();'), 'typescript'), []);
    assert.deepEqual(unused(py('    x = 1  # awaitwise: ignore[blocking-sleep]  # awaitwise: ignore[unused-suppression]'), 'python'), []);
    // A bare directive does not silence it: it is judged itself.
    assert.equal(unused(py('    x = 1  # awaitwise: ignore[blocking-sleep]  # awaitwise: ignore'), 'python').length, 2);
  });

  test('the rule turned off reports nothing', () => {
    const rules = new Map([['blocking-sleep', 'error' as const]]);
    assert.deepEqual(unused(py('    x = 1  # awaitwise: ignore[not-a-rule]'), 'python', { rules }), []);
  });
});

test('follows edits of a document analysed incrementally', () => {
  const text = py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]');
  const document = new SourceDocument(text, 'python');
  try {
    const hints = () => analyzeDocument(document).findings.filter((finding) => finding.ruleId === UNUSED).map((finding) => finding.message);
    assert.deepEqual(hints(), []);
    const start = text.indexOf('time.sleep(1)');
    document.applyChange({ range: document.lines.rangeOf(start, start + 'time.sleep(1)'.length), text: 'await asyncio.sleep(1)' });
    assert.deepEqual(hints(), ["'blocking-sleep' is suppressed here but reports nothing on this line"]);
    const sleep = document.text.indexOf('await asyncio.sleep(1)');
    document.applyChange({ range: document.lines.rangeOf(sleep, sleep + 'await asyncio.sleep(1)'.length), text: 'time.sleep(1)' });
    assert.deepEqual(hints(), [], 'the statement cache and the post-pass agree again');
  } finally {
    document.dispose();
  }
});

describe('what cannot be judged counts as used', () => {
  test('a rule that failed during the analysis', () => {
    const visitors = ruleById.get('blocking-sleep')!.python as Record<string, unknown>;
    const original = visitors.call;
    visitors.call = () => {
      throw new Error('boom');
    };
    try {
      const options = { onRuleError: () => undefined };
      assert.deepEqual(unused(py('    print(1)  # awaitwise: ignore[blocking-sleep]'), 'python', options), []);
      assert.deepEqual(unused(py('    print(1)  # awaitwise: ignore'), 'python', options), [], 'a bare directive may silence the failed rule');
      assert.equal(unused(py('    print(1)  # awaitwise: ignore[dangling-task]'), 'python', options).length, 1, 'other rules are still judged');
    } finally {
      visitors.call = original;
    }
    assert.equal(unused(py('    print(1)  # awaitwise: ignore[blocking-sleep]'), 'python').length, 1, 'judged again once the rule works');
  });

  test('a rule that needs types, when the analysis has none', () => {
    const text = 'export async function f(): Promise<number> {\n  // awaitwise-ignore-next-line await-non-thenable\n  return 1;\n}\n';
    assert.deepEqual(unused(text, 'typescript', { fileName: 'f.ts' }), [], 'without types it cannot be judged');
    assert.deepEqual(messages(text, 'typescript', typedAnalysisOptions('f.ts', text)), [
      "'await-non-thenable' is suppressed here but reports nothing on the next line",
    ]);
    const used = text.replace('return 1;', 'return await 1;');
    assert.deepEqual(unused(used, 'typescript', typedAnalysisOptions('f.ts', used)), []);
  });

  test('every TS/JS id while the type checker lags behind the text', () => {
    const text = ts('  // awaitwise-ignore-next-line floating-promise\n  void save();');
    const lagging = typedAnalysisOptions('f.ts', `${text}\n// an older text\n`);
    assert.deepEqual(unused(text, 'typescript', lagging), []);
    assert.equal(unused(text, 'typescript', typedAnalysisOptions('f.ts', text)).length, 1);
  });

  test('every known id while the cross-file index is still being built; unknown ids are still reported', () => {
    const text = py('    fetch()  # awaitwise: ignore[unawaited-coroutine]\n    pass  # awaitwise: ignore\n    x = 1  # awaitwise: ignore[no-such-rule]');
    assert.deepEqual(messages(text, 'python', { projectPending: true }), ["Unknown rule id 'no-such-rule' in a suppression comment"]);
    assert.equal(messages(text, 'python').length, 3);
  });
});

describe('the fix', () => {
  test('Python: a comment that holds only the directive goes with the blanks before it', () => {
    assert.equal(fixAll(py('    await asyncio.sleep(1)  # awaitwise: ignore[blocking-sleep]'), 'python'), py('    await asyncio.sleep(1)'));
    assert.equal(fixAll(py('    await asyncio.sleep(1)  # awaitwise: ignore'), 'python'), py('    await asyncio.sleep(1)'));
    assert.equal(fixAll(py('    await asyncio.sleep(1)  # awaitwise: ignore[x]').trimEnd(), 'python'), py('    await asyncio.sleep(1)').trimEnd(), 'last line');
  });

  test('Python: a line that holds only the directive is removed with its line break', () => {
    assert.equal(fixAll(py('    # awaitwise: ignore[blocking-sleep]\n    time.sleep(1)  # awaitwise: ignore[blocking-sleep]'), 'python'), py('    time.sleep(1)  # awaitwise: ignore[blocking-sleep]'));
    assert.equal(fixAll('x = 1\n# awaitwise: ignore', 'python'), 'x = 1', 'the last line takes the previous line break');
    assert.equal(fixAll('x = 1\r\n# awaitwise: ignore\r\ny = 2\r\n', 'python'), 'x = 1\r\ny = 2\r\n', 'CRLF');
  });

  test('Python: other comment text on the line stays a comment', () => {
    assert.equal(fixAll(py('    x = 1  # awaitwise: ignore[blocking-sleep]  # type: ignore'), 'python'), py('    x = 1  # type: ignore'));
    assert.equal(fixAll(py('    x = 1  # awaitwise: ignore[blocking-sleep]  because it used to sleep'), 'python'), py('    x = 1  # because it used to sleep'));
    assert.equal(fixAll(py('    x = 1  # awaitwise: ignore[blocking-sleep] -- legacy'), 'python'), py('    x = 1  # legacy'));
    assert.equal(fixAll(py('    x = 1  # see issue 12  # awaitwise: ignore[blocking-sleep]'), 'python'), py('    x = 1  # see issue 12'));
    assert.equal(fixAll(py('    x = 1  # noqa: E501  # awaitwise: ignore[blocking-sleep]'), 'python'), py('    x = 1  # noqa: E501'));
  });

  test('one id leaves its list well-formed, whichever ids go', () => {
    const line = (list: string) => py(`    time.sleep(1)  # awaitwise: ignore[${list}]`);
    assert.equal(fixAll(line('blocking-sleep, dangling-task'), 'python'), line('blocking-sleep'));
    assert.equal(fixAll(line('dangling-task, blocking-sleep'), 'python'), line('blocking-sleep'));
    assert.equal(fixAll(line('dangling-task, blocking-sleep, not-a-rule, unawaited-coroutine'), 'python'), line('blocking-sleep'));
    assert.equal(fixAll(line('dangling-task,blocking-sleep,unawaited-coroutine'), 'python'), line('blocking-sleep'));
    assert.equal(fixAll(line('blocking-sleep blocking-sleep'), 'python'), line('blocking-sleep'));
    // Each removal alone is well-formed too (a quick fix applied by itself).
    const text = line('dangling-task, blocking-sleep, unawaited-coroutine');
    for (const finding of unused(text, 'python')) {
      const once = applyFixList(text, [finding.fixes[0]]).text;
      assert.equal(analyze(once, 'python').length, 1, `one hint left in:\n${once}`);
    }
    const script = (list: string) => ts(`  // awaitwise-ignore-next-line ${list} -- reason\n  save();`);
    assert.equal(fixAll(script('blocking-sleep, floating-promise'), 'typescript'), script('floating-promise'));
    assert.equal(fixAll(script('floating-promise, blocking-sleep'), 'typescript'), script('floating-promise'));
  });

  test('TS/JS: a directive line goes with its line break; a block comment before code goes alone', () => {
    assert.equal(fixAll(ts('  // awaitwise-ignore-next-line floating-promise -- not any more\n  void save();'), 'typescript'), ts('  void save();'));
    assert.equal(fixAll(ts('  // awaitwise-ignore-next-line\n  void save();'), 'typescript'), ts('  void save();'));
    assert.equal(fixAll(ts('  /* awaitwise-ignore-next-line not-a-rule */ void save();\n  save();'), 'typescript'), ts('  void save();\n  save();'));
    assert.equal(fixAll('void 0;\n// awaitwise-ignore-next-line not-a-rule', 'typescript'), 'void 0;', 'the last line');
    assert.equal(fixAll('void 0;\r\n// awaitwise-ignore-next-line not-a-rule\r\nvoid 1;\r\n', 'typescript'), 'void 0;\r\nvoid 1;\r\n', 'CRLF');
    const jsx = (child: string) => `export const A = () => (\n  <div>\n${child}    <span />\n  </div>\n);\n`;
    assert.equal(fixAll(jsx('    {/* awaitwise-ignore-next-line not-a-rule */}\n'), 'typescriptreact'), jsx(''));
  });

  test('TS/JS: a block comment that goes on below keeps its opener', () => {
    const text = '/* awaitwise-ignore-next-line not-a-rule\n   more words */\nvoid 0;\n';
    assert.equal(fixAll(text, 'typescript'), '/*\n   more words */\nvoid 0;\n');
  });

  test('"ignore on this line" for a hint names the rule in its own directive', async () => {
    const { suppressionEdit } = await import('../../server/src/engine/suppression-edits');
    const { applyTextEdits } = await import('../helpers/text-edits');
    const text = ts('  // awaitwise-ignore-next-line blocking-sleep -- reason\n  void save();');
    const document = new SourceDocument(text, 'typescript');
    try {
      const { findings, suppressions } = analyzeDocument(document);
      const [hint] = findings.filter((finding) => finding.ruleId === UNUSED);
      const edit = suppressionEdit(document, suppressions, { ruleId: UNUSED, line: hint.range.start.line });
      assert.ok(edit);
      const silenced = applyTextEdits(text, [edit]);
      assert.equal(silenced, ts('  // awaitwise-ignore-next-line blocking-sleep, unused-suppression -- reason\n  void save();'));
      assert.deepEqual(unused(silenced, 'typescript'), []);
    } finally {
      document.dispose();
    }
  });
});
