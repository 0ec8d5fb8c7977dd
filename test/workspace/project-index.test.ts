// What a source text contributes to the cross-file index, shared by the server and the CLI.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ProjectIndex, initEngine } from '../../server/src/engine';
import { relativeInside } from '../../server/src/workspace/paths';
import { indexPythonText, mayDefineCoroutines } from '../../server/src/workspace/project-index';

before(() => initEngine());

test('only texts with `async def` (any spaces or tabs between) may define coroutine functions', () => {
  assert.equal(mayDefineCoroutines('async def save():\n    pass\n'), true);
  assert.equal(mayDefineCoroutines('class A:\n    async\tdef save(self):\n        pass\n'), true);
  assert.equal(mayDefineCoroutines('def save():\n    return "asyncdef"\n'), false);
  assert.equal(mayDefineCoroutines('async with lock:\n    pass\n'), false);
});

test('indexing a text records its summary; a text without `async def` takes the file out', () => {
  const index = new ProjectIndex();
  assert.equal(indexPythonText(index, 'app/store.py', 'async def save(record):\n    pass\n'), true);
  assert.equal(index.isCoroutine('app.store.save'), true);
  assert.equal(indexPythonText(index, 'app/store.py', 'async def save(record):\n    return record\n'), false, 'same summary');
  assert.equal(indexPythonText(index, 'app/store.py', 'def save(record):\n    return record\n'), true);
  assert.equal(index.size, 0);
  assert.equal(indexPythonText(index, 'app/plain.py', 'def helper():\n    pass\n'), false, 'never indexed, nothing to remove');
});

test('paths inside a root are relative with forward slashes; others are undefined', () => {
  assert.equal(relativeInside('/projects/shop', '/projects/shop/app/store.py'), 'app/store.py');
  assert.equal(relativeInside('/projects/shop', '/projects/shop/..cache/x.py'), '..cache/x.py');
  for (const outside of ['/projects/shop', '/projects/other/x.py', '/projects/shopping/x.py', '/elsewhere']) {
    assert.equal(relativeInside('/projects/shop', outside), undefined, outside);
  }
});
