import type { Rule } from '../engine/rule';
import { UNUSED_SUPPRESSION_ID } from '../engine/unused-suppressions';

// A suppression comment that silences nothing hides the next real finding on its line, and an
// id with a typo silences nothing while looking as if it did. It has no detectors: the engine
// judges the directives after the other rules ran (server/src/engine/unused-suppressions.ts).
export const unusedSuppression: Rule = {
  meta: {
    id: UNUSED_SUPPRESSION_ID,
    title: 'Suppression comment that silences nothing',
    languages: ['python', 'typescript', 'javascript'],
    severity: 'hint',
    enabledByDefault: true,
    aliases: [],
    fixable: true,
    docs: {
      summary:
        'Finds Awaitwise suppression comments (`# awaitwise: ignore[...]`, `// awaitwise-ignore-next-line ...`) that ' +
        'name an unknown rule id, or a rule that reports nothing on the line they apply to, and bare ones that ' +
        'silence nothing there.',
      why:
        'A suppression outlives the problem it was written for: once the code is fixed or the rule changes, it ' +
        'stays and silently hides the next real finding of that rule on the line. A misspelt id (`blocking-slep`) ' +
        'or a peer code (`ASYNC251`) in an Awaitwise comment silences nothing at all, so the finding it was meant ' +
        'for is still reported, and readers believe the line was reviewed when it was not.',
      fix:
        'Delete the comment, or the ids in it that are not needed. For an unknown id, write the rule id you meant: ' +
        'the message suggests the closest one, or the rule that covers a peer code.',
      examples: {
        python: {
          bad: 'import asyncio\n\nasync def poll():\n    await asyncio.sleep(5)  # awaitwise: ignore[blocking-sleep]',
          good: 'import asyncio\n\nasync def poll():\n    await asyncio.sleep(5)',
        },
        typescript: {
          bad:
            "import { writeFile } from 'node:fs/promises';\n\nexport async function save(path: string, data: string) {\n" +
            '  // awaitwise-ignore-next-line floating-promise\n  await writeFile(path, data);\n}',
          good: "import { writeFile } from 'node:fs/promises';\n\nexport async function save(path: string, data: string) {\n  await writeFile(path, data);\n}",
        },
      },
      fixSafety:
        'Safe: the fix removes only what silences nothing, so the findings shown stay the same. One id leaves a list ' +
        'with its separator (`ignore[a, b]` becomes `ignore[a]`); when nothing would remain, the whole comment ' +
        'goes. In Python, a comment holding only the directive is removed with the blanks before it (the whole line ' +
        'when nothing else is on it), and other comment text on the line stays a comment ' +
        '(`x()  # awaitwise: ignore[a]  # type: ignore` becomes `x()  # type: ignore`). In TypeScript and ' +
        'JavaScript a directive line is removed with its line break. Removing the id of a rule that is turned off ' +
        'is offered but not applied by fix-all or `--fix`: another configuration (the command line\'s, a ' +
        "teammate's) may turn it on. For a misspelt id or a peer code, replacing it with the rule id it most likely " +
        'means is offered too, as a suggestion.',
      notes:
        'Only Awaitwise\'s own comments are judged. `# noqa: ...` and `// eslint-disable-next-line ...` are read ' +
        'by flake8, Ruff and ESLint as well, so a code there that silences nothing of Awaitwise\'s may be doing ' +
        'its job for another tool: those comments are never reported. Ruff\'s `RUF100` (unused `noqa`) and ' +
        'ESLint\'s `--report-unused-disable-directives` judge them for their own tools.\n\n' +
        'Ids that cannot be judged count as used: a rule that failed during the analysis, a rule that needs type ' +
        'information when the file is analysed without it, and every TypeScript or JavaScript id while the type ' +
        'checker has not caught up with the text. A bare directive silences every rule, so it is reported only when ' +
        'no rule reports anything on its line. The id of a rule that does not cover the file\'s language is ' +
        'reported, and so is an id listed twice.\n\n' +
        'To keep a comment that silences nothing on purpose, name this rule in it: ' +
        '`# awaitwise: ignore[blocking-sleep, unused-suppression]` or ' +
        '`// awaitwise-ignore-next-line floating-promise, unused-suppression` is never reported. A directive whose ' +
        'line is that of the hint (in Python, another directive on the same line) naming `unused-suppression` also ' +
        'silences it; a bare directive does not, since what this rule reports is computed after the bare directive ' +
        'has been judged.',
    },
  },
};
