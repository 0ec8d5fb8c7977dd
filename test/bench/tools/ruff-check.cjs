// Child process of the ruff measurement: runs ruff's ASYNC rules (through its WebAssembly build)
// over the files listed in the JSON file named by argv[2], and prints the counts as JSON. Plain
// CommonJS so that no TypeScript loader runs in the measured process.
'use strict';
const { readFileSync } = require('node:fs');
const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');

const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// py311: the target version awaitwise assumes when a project does not say.
const workspace = new Workspace({ 'target-version': 'py311', lint: { select: ['ASYNC'] } }, PositionEncoding.Utf16);
let findings = 0;
let failures = 0;
for (const file of files) {
  try {
    // Syntax errors come back as diagnostics without a code; only ASYNC findings count.
    for (const diagnostic of workspace.check(readFileSync(file, 'utf8'))) if (diagnostic.code?.startsWith('ASYNC')) findings++;
  } catch {
    failures++;
  }
}
process.stdout.write(JSON.stringify({ files: files.length, findings, failures }));
