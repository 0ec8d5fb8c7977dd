// Cross-file knowledge of coroutine functions: imports (absolute, relative, aliased),
// module attributes, inherited methods, and ambiguity resolved towards silence.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ProjectIndex, SourceDocument, analyze, analyzeDocument, initEngine, summarizePython } from '../../server/src/engine';

before(() => initEngine());

const STORE = `
import asyncio

async def save(record):
    await asyncio.sleep(0)

def validate(record):
    return record

class Store:
    async def flush(self):
        pass

    def size(self):
        return 0
`;

function indexOf(files: Record<string, string>): ProjectIndex {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(path, summarizePython(text, path));
  return index;
}

function lintedLines(text: string, projectPath: string, project: ProjectIndex): number[] {
  return analyze(text, 'python', { project, projectPath, rules: new Map([['unawaited-coroutine', 'error']]) }).map(
    (finding) => finding.range.start.line,
  );
}

test('imported coroutine functions are known across files, in every import form', () => {
  const project = indexOf({ 'src/app/store.py': STORE });
  const caller = `
from app.store import save, validate
from app import store
import app.store as st
from .store import save as relative_save
from ..app.store import Store

async def handle(record):
    save(record)
    validate(record)
    store.save(record)
    st.save(record)
    relative_save(record)
    Store().flush()
`;
  // Lines (0-based) of save, store.save, st.save, relative_save; `Store().flush()` needs types.
  assert.deepEqual(lintedLines(caller, 'src/app/api.py', project), [8, 10, 11, 12]);
});

test('modules imported relatively by name (`from . import store`) resolve to their package', () => {
  const project = indexOf({ 'src/app/store.py': STORE, 'src/store.py': 'def save(record):\n    return record\n' });
  const call = '\n\nasync def handle(record):\n    store.save(record)\n';
  assert.deepEqual(lintedLines(`from . import store${call}`, 'src/app/api.py', project), [3]);
  assert.deepEqual(lintedLines(`from . import store as store${call}`, 'src/app/api.py', project), [3]);
  assert.deepEqual(lintedLines(`from .. import store${call}`, 'src/app/api.py', project), [], 'src/store.py: a plain function');
});

test('without a project index, imported names are unknown and stay silent', () => {
  const text = 'from app.store import save\n\nasync def f():\n    save(1)\n';
  assert.deepEqual(lintedLines(text, 'src/app/api.py', new ProjectIndex()), []);
});

test('methods inherited from a base class in another file are resolved', () => {
  const project = indexOf({ 'app/store.py': STORE });
  const text = `
from app.store import Store

class CachedStore(Store):
    async def close(self):
        self.flush()
        self.size()
        super().flush()
`;
  assert.deepEqual(lintedLines(text, 'app/cached.py', project), [5, 7]);
});

test('two files answering to one module name and disagreeing give no finding', () => {
  const sync = 'def save(record):\n    return record\n';
  const project = indexOf({ 'a/util.py': STORE.replace('Store', 'A'), 'b/util.py': sync });
  const text = 'from util import save\n\nasync def f():\n    save(1)\n';
  assert.deepEqual(lintedLines(text, 'c/main.py', project), []);
  assert.deepEqual(lintedLines(text.replace('from util', 'from a.util'), 'c/main.py', project), [3]);
});

test('an index change re-analyses a document whose statements did not change', () => {
  const project = indexOf({ 'app/store.py': 'def save(record):\n    return record\n' });
  const text = 'from app.store import save\n\nasync def f():\n    save(1)\n';
  const document = new SourceDocument(text, 'python', 'app/api.py');
  const options = { project, projectPath: 'app/api.py' };
  assert.deepEqual(analyzeDocument(document, options).findings, []);
  assert.ok(project.update('app/store.py', summarizePython(STORE, 'app/store.py')));
  assert.deepEqual(analyzeDocument(document, options).findings.map((f) => f.ruleId), ['unawaited-coroutine']);
  assert.equal(project.update('app/store.py', summarizePython(STORE, 'app/store.py')), false, 'same summary, no change');
  project.remove('app/store.py');
  assert.deepEqual(analyzeDocument(document, options).findings, []);
  document.dispose();
});
