// `awaitwise checklist` as a real process: the three formats, the JSON contract, language
// filtering, rule selection and exit codes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tempTree } from '../helpers/temp-tree';
import { runCli } from './harness';

const PYTHON = {
  'app/poll.py': 'import time\n\n\nasync def poll():\n    time.sleep(1)\n',
  'app/clean.py': 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n',
};
const SCRIPT = { 'web/save.ts': 'async function save(): Promise<void> {}\n\nexport async function main() {\n  save();\n}\n' };

interface JsonItem {
  id: string;
  title: string;
  languages: string[];
  rules: string[];
  status: string;
  findings: number;
}

function checklistJson(cwd: string, ...args: string[]): { status: number | null; sections: { id: string; title: string; items: JsonItem[] }[] } {
  const run = runCli(['checklist', '--format', 'json', ...args], { cwd });
  assert.equal(run.stderr, '');
  return { status: run.status, ...(JSON.parse(run.stdout) as { sections: { id: string; title: string; items: JsonItem[] }[] }) };
}

function item(sections: { items: JsonItem[] }[], id: string): JsonItem | undefined {
  return sections.flatMap((section) => section.items).find((candidate) => candidate.id === id);
}

describe('awaitwise checklist', () => {
  test('JSON: sections of items with exactly the documented fields', () => {
    const { status, sections } = checklistJson(tempTree({ ...PYTHON, ...SCRIPT }));
    assert.equal(status, 1, 'some item fails');
    assert.ok(sections.length === 7);
    for (const section of sections) {
      assert.deepEqual(Object.keys(section), ['id', 'title', 'items']);
      for (const entry of section.items) assert.deepEqual(Object.keys(entry), ['id', 'title', 'languages', 'rules', 'status', 'findings']);
    }
    assert.deepEqual(item(sections, 'no-blocking-sleep'), {
      id: 'no-blocking-sleep',
      title: 'Async code pauses with the async sleep of its library, never a blocking one',
      languages: ['python', 'typescript', 'javascript'],
      rules: ['blocking-sleep'],
      status: 'fail',
      findings: 1,
    });
    assert.equal(item(sections, 'promises-handled')?.status, 'fail');
    assert.equal(item(sections, 'promises-handled')?.findings, 1);
    assert.equal(item(sections, 'no-blocking-io')?.status, 'pass');
    assert.equal(item(sections, 'shutdown-tested')?.status, 'manual');
  });

  test('items for languages the files do not use are left out', () => {
    const { sections } = checklistJson(tempTree(PYTHON));
    assert.equal(item(sections, 'promises-handled'), undefined);
    assert.ok(sections.flatMap((section) => section.items).every((entry) => entry.languages.includes('python')));
  });

  test('--select and --ignore decide which items analysis can settle', () => {
    const cwd = tempTree(PYTHON);
    const ignored = checklistJson(cwd, '--ignore', 'blocking-sleep');
    assert.equal(item(ignored.sections, 'no-blocking-sleep')?.status, 'manual');
    assert.equal(ignored.status, 0, 'nothing fails once the only finding is ignored');
    const selected = checklistJson(cwd, '--select', 'ASYNC251');
    assert.equal(item(selected.sections, 'no-blocking-sleep')?.status, 'fail');
    assert.equal(item(selected.sections, 'no-blocking-io')?.status, 'manual');
  });

  test('text: one line per item under its section, with a summary; --exit-zero', () => {
    const run = runCli(['checklist', '--exit-zero', 'app'], { cwd: tempTree(PYTHON) });
    assert.equal(run.status, 0);
    const lines = run.stdout.split('\n');
    assert.ok(lines.includes('Blocking prevention'));
    assert.ok(lines.includes('  fail    Async code pauses with the async sleep of its library, never a blocking one (1 finding)'));
    assert.ok(lines.includes('          blocking-sleep'));
    assert.ok(lines.includes('  pass    Files, paths and console input are not read or written synchronously in async code'));
    assert.ok(lines.some((line) => /^ {2}manual {2}Shutdown was tried for real/.test(line)));
    assert.match(run.stdout, /\n\d+ passed, 1 failed \(1 finding\), \d+ to check by hand\.\n$/);
  });

  test('markdown: a GitHub task list', () => {
    const run = runCli(['checklist', '--format', 'markdown'], { cwd: tempTree(PYTHON) });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^## Async review checklist\n\n\d+ passed · 1 failed \(1 finding\) · 0 of \d+ manual checks done\n/);
    assert.match(run.stdout, /\n- \[ \] Async code pauses with the async sleep of its library, never a blocking one — \*\*1 finding\*\* \(`blocking-sleep`\)\n/);
  });

  test('a clean tree passes, an empty one says so, bad options are usage errors', () => {
    assert.equal(runCli(['checklist', 'app/clean.py'], { cwd: tempTree(PYTHON) }).status, 0);
    const empty = runCli(['checklist'], { cwd: tempTree({ 'notes.txt': 'hello' }) });
    assert.equal(empty.status, 0);
    assert.match(empty.stdout, /No checklist items apply/);
    const bad = runCli(['checklist', '--format', 'sarif'], { cwd: tempTree(PYTHON) });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid --format 'sarif': expected text, markdown or json/);
    const help = runCli(['checklist', '--help'], { cwd: tempTree(PYTHON) });
    assert.match(help.stdout, /Usage: awaitwise checklist \[options\] \[PATH\.\.\.\]/);
  });
});
