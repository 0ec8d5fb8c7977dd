// An edited document (incremental re-parse) must give exactly what a fresh parse of the
// same text gives, for any sequence of edits.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SourceDocument, analyze, analyzeDocument, initEngine } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/text';
import type { SourceLanguage } from '../../server/src/engine/types';

before(() => initEngine());

const PYTHON = `import time
import asyncio

async def save(x):
    await asyncio.sleep(0)

async def main():
    time.sleep(1)
    save(1)
    asyncio.create_task(save(2))
`;

const SCRIPT = `import fs from 'node:fs';
async function save(): Promise<void> {}
async function main() {
  save();
  fs.readFileSync('a');
  new Promise(async (resolve) => resolve(1));
}
`;

/** A small deterministic pseudo-random generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SNIPPETS = ['\n', ' ', 'time.sleep(2)\n    ', 'save(3)', '(', ')', '😀', 'await ', 'async ', '\r\n', '', 'x'];

function editSequence(language: SourceLanguage, initial: string, seed: number): void {
  const next = random(seed);
  const document = new SourceDocument(initial, language);
  analyzeDocument(document);
  let text = initial;
  for (let step = 0; step < 60; step++) {
    const lines = new LineIndex(text);
    let start = Math.floor(next() * (text.length + 1));
    let end = Math.min(text.length, start + Math.floor(next() * 6));
    // Never split a surrogate pair or a CRLF: editors don't produce such ranges.
    if (/[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
    if (text[start - 1] === '\r' && text[start] === '\n') start--;
    if (text[end - 1] === '\r' && text[end] === '\n') end++;
    const insert = SNIPPETS[Math.floor(next() * SNIPPETS.length)];
    document.applyChange({ range: lines.rangeOf(start, end), text: insert });
    text = text.slice(0, start) + insert + text.slice(end);
    assert.equal(document.text, text);
    if (step % 3 === 0) {
      const incremental = analyzeDocument(document).findings;
      const fresh = analyze(text, language);
      assert.deepEqual(incremental, fresh, `step ${step} (seed ${seed}) diverged`);
    }
  }
  document.dispose();
}

test('Python: incremental re-parse matches a fresh parse through random edits', () => {
  for (let seed = 1; seed <= 15; seed++) editSequence('python', PYTHON, seed);
});

test('TypeScript: incremental re-parse matches a fresh parse through random edits', () => {
  for (let seed = 1; seed <= 15; seed++) editSequence('typescript', SCRIPT, seed);
});

test('a whole-text replacement resets the document', () => {
  const document = new SourceDocument(PYTHON, 'python');
  assert.ok(analyzeDocument(document).findings.length > 0);
  document.applyChange({ text: 'print("clean")\n' });
  assert.deepEqual(analyzeDocument(document).findings, []);
  document.dispose();
});
