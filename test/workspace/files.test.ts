import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { createExcludeMatcher } from '../../server/src/workspace/exclude';
import { listSourceFiles, readSourceText, wouldList } from '../../server/src/workspace/files';
import { tempTree as tree } from '../helpers/temp-tree';

/** Listed files relative to `root`, forward slashes. */
async function listed(root: string, paths: string[] = [root], exclude: string[] = []): Promise<string[]> {
  const listing = await listSourceFiles(paths, { exclude: createExcludeMatcher(exclude, root) });
  assert.deepEqual(listing.problems, []);
  return listing.files.map((file) => relative(root, file.path).split(sep).join('/'));
}

/** True where the platform lets this process create symlinks. */
function trySymlink(target: string, path: string, type: 'dir' | 'file'): boolean {
  try {
    symlinkSync(target, path, type);
    return true;
  } catch {
    return false;
  }
}

describe('listSourceFiles', () => {
  test('keeps supported extensions, sorted, with their language', async () => {
    const root = tree({
      'b.ts': '',
      'a.py': '',
      'lib/types.d.ts': '',
      'lib/view.tsx': '',
      'lib/util.mjs': '',
      'README.md': '',
      'setup.cfg': '',
      'stubs/api.pyi': '',
    });
    assert.deepEqual(await listed(root), ['a.py', 'b.ts', 'lib/util.mjs', 'lib/view.tsx', 'stubs/api.pyi']);
    const listing = await listSourceFiles([join(root, 'lib', 'view.tsx')]);
    assert.equal(listing.files[0].language, 'typescriptreact');
  });

  test('skips dependency, virtualenv and build folders while walking', async () => {
    const root = tree({
      'app.py': '',
      'node_modules/pkg/index.js': '',
      '.venv/lib/site.py': '',
      'venv/lib/site.py': '',
      'dist/bundle.js': '',
      '__pycache__/app.py': '',
      'src/node_modules/inner.js': '',
    });
    assert.deepEqual(await listed(root), ['app.py']);
  });

  test('honours .gitignore files at the root and below, deeper ones re-including', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.ts\n/top-only.py\n',
      'generated/api.ts': '',
      'src/client.gen.ts': '',
      'src/client.ts': '',
      'src/top-only.py': '',
      'top-only.py': '',
      'pkg/.gitignore': 'scratch.py\n!keep.gen.ts\n',
      'pkg/scratch.py': '',
      'pkg/keep.gen.ts': '',
      'pkg/main.py': '',
      'other/scratch.py': '',
    });
    assert.deepEqual(await listed(root), ['other/scratch.py', 'pkg/keep.gen.ts', 'pkg/main.py', 'src/client.ts', 'src/top-only.py']);
  });

  test('reads no .gitignore above the folder it walks', async () => {
    const root = tree({ '.gitignore': 'ignored.py\n', 'sub/ignored.py': '' });
    assert.deepEqual(await listed(root), []);
    assert.deepEqual(await listed(root, [join(root, 'sub')]), ['sub/ignored.py']);
  });

  test('checks explicitly named files even when gitignored or under a skipped folder', async () => {
    const root = tree({ '.gitignore': 'ignored.py\n', 'ignored.py': '', 'node_modules/pkg/index.js': '' });
    const named = [join(root, 'ignored.py'), join(root, 'node_modules', 'pkg', 'index.js')];
    assert.deepEqual(await listed(root, named), ['ignored.py', 'node_modules/pkg/index.js']);
  });

  test('applies exclude globs to walked and to named paths', async () => {
    const root = tree({ 'app.py': '', 'migrations/0001.py': '', 'api.gen.ts': '', 'web/api.gen.ts': '' });
    assert.deepEqual(await listed(root, [root], ['migrations', '*.gen.ts']), ['app.py']);
    assert.deepEqual(await listed(root, [join(root, 'web', 'api.gen.ts'), join(root, 'migrations')], ['*.gen.ts', 'migrations']), []);
  });

  test('lists a file once however often it is named', async () => {
    const root = tree({ 'a.py': '', 'src/b.py': '' });
    assert.deepEqual(await listed(root, [root, join(root, 'a.py'), join(root, 'src')]), ['a.py', 'src/b.py']);
  });

  test('reports missing paths and named unsupported files instead of throwing', async () => {
    const root = tree({ 'notes.txt': '', 'a.py': '' });
    const missing = join(root, 'missing.py');
    const listing = await listSourceFiles([missing, join(root, 'notes.txt'), join(root, 'a.py')]);
    assert.deepEqual(listing.problems, [{ path: missing, reason: 'no such file or directory' }]);
    assert.deepEqual(listing.skipped, [{ path: join(root, 'notes.txt'), reason: 'not a supported source file' }]);
    assert.deepEqual(
      listing.files.map((file) => file.path),
      [join(root, 'a.py')],
    );
  });

  test('reports a folder it cannot read and goes on with the rest', { skip: process.getuid?.() === 0 || process.platform === 'win32' }, async () => {
    const root = tree({ 'locked/a.py': '', 'open/b.py': '' });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const listing = await listSourceFiles([root]);
      assert.deepEqual(listing.problems, [{ path: join(root, 'locked'), reason: 'permission denied' }]);
      assert.deepEqual(
        listing.files.map((file) => file.path),
        [join(root, 'open', 'b.py')],
      );
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  test('does not enter symlinked folders, inside or outside, nor loop through one', async (t) => {
    const outside = tree({ 'pkg/lib.py': '' });
    const root = tree({ 'app.py': '', 'src/mod.py': '' });
    if (!trySymlink(join(outside, 'pkg'), join(root, 'linked-pkg'), 'dir')) {
      t.skip('symlinks are not available here');
      return;
    }
    trySymlink(join(root, 'src'), join(root, 'again'), 'dir');
    trySymlink(root, join(root, 'src', 'loop'), 'dir');
    assert.deepEqual(await listed(root), ['app.py', 'src/mod.py']);
  });

  test('lists a symlinked file only when it leads inside the folder, and each real file once', async (t) => {
    const outside = tree({ 'secret.py': '', 'keys.ts': '' });
    const root = tree({ 'app.py': '', 'lib/real.py': '', 'generated/hidden.py': '' });
    const links: [string, string][] = [
      [join(outside, 'secret.py'), 'vendor.py'],
      [join(outside, 'keys.ts'), 'lib/keys.ts'],
      [join(root, 'lib', 'real.py'), 'alias.py'],
      [join(root, 'generated', 'hidden.py'), 'shown_b.py'],
      [join(root, 'generated', 'hidden.py'), 'shown_a.py'],
    ];
    if (!links.every(([target, path]) => trySymlink(target, join(root, path), 'file'))) {
      t.skip('symlinks are not available here');
      return;
    }
    const listing = await listSourceFiles([root], { exclude: createExcludeMatcher(['generated/**'], root) });
    assert.deepEqual(listing.problems, []);
    // alias.py is lib/real.py again; of two links to the excluded file, the first by path stays.
    assert.deepEqual(
      listing.files.map((file) => relative(root, file.path).split(sep).join('/')),
      ['app.py', 'lib/real.py', 'shown_a.py'],
    );
    const outsideReason = 'a symbolic link to a file outside the folder being checked';
    assert.deepEqual(listing.skipped, [
      { path: join(root, 'lib', 'keys.ts'), reason: outsideReason },
      { path: join(root, 'vendor.py'), reason: outsideReason },
    ]);
    // Named explicitly, a link is taken as asked, as any named file is.
    assert.deepEqual((await listSourceFiles([join(root, 'vendor.py')])).files.map((file) => file.path), [join(root, 'vendor.py')]);
  });

  test('a folder reached through a symlink is walked as itself: its links are judged by the real folder', async (t) => {
    const real = tree({ 'app.py': '', 'lib/real.py': '' });
    const parent = tree({});
    const root = join(parent, 'checkout');
    if (!trySymlink(real, root, 'dir') || !trySymlink(join(real, 'lib', 'real.py'), join(real, 'alias.py'), 'file')) {
      t.skip('symlinks are not available here');
      return;
    }
    assert.deepEqual(await listed(root), ['app.py', 'lib/real.py']);
  });

  test('a cycle of file links ends with a problem, not a hang', async (t) => {
    const root = tree({ 'app.py': '' });
    if (!trySymlink(join(root, 'b.py'), join(root, 'a.py'), 'file') || !trySymlink(join(root, 'a.py'), join(root, 'b.py'), 'file')) {
      t.skip('symlinks are not available here');
      return;
    }
    const listing = await listSourceFiles([root]);
    assert.deepEqual(listing.files.map((file) => file.path), [join(root, 'app.py')]);
    assert.deepEqual(listing.problems.map((problem) => problem.reason), ['too many levels of symbolic links', 'too many levels of symbolic links']);
  });

  test('reports a broken symlink to a source file', async (t) => {
    const root = tree({ 'app.py': '' });
    if (!trySymlink(join(root, 'gone.py'), join(root, 'dangling.py'), 'file')) {
      t.skip('symlinks are not available here');
      return;
    }
    const listing = await listSourceFiles([root]);
    assert.deepEqual(listing.problems, [{ path: join(root, 'dangling.py'), reason: 'no such file or directory' }]);
    assert.deepEqual(
      listing.files.map((file) => file.path),
      [join(root, 'app.py')],
    );
  });
});

describe('wouldList', () => {
  test('agrees with a walk: skipped folders, .gitignore files at every level, exclude globs', async () => {
    const files = {
      '.gitignore': 'generated/\n*.gen.ts\n/top-only.py\n',
      'app.py': '',
      'top-only.py': '',
      'src/top-only.py': '',
      'src/client.gen.ts': '',
      'generated/api.py': '',
      'pkg/.gitignore': 'scratch.py\n!keep.gen.ts\n',
      'pkg/scratch.py': '',
      'pkg/keep.gen.ts': '',
      'pkg/deep/main.py': '',
      '.venv/lib/site.py': '',
      'src/node_modules/inner.js': '',
      'legacy/old.py': '',
      'api_pb2.py': '',
      'README.md': '',
    };
    const root = tree(files);
    const exclude = createExcludeMatcher(['legacy/**', '*_pb2.py'], root);
    const walked = (await listSourceFiles([root], { exclude })).files.map((file) => file.path);
    assert.deepEqual(walked.map((path) => relative(root, path).split(sep).join('/')), ['app.py', 'pkg/deep/main.py', 'pkg/keep.gen.ts', 'src/top-only.py']);
    for (const path of Object.keys(files).map((name) => join(root, ...name.split('/')))) {
      assert.equal(await wouldList(root, path, { exclude }), walked.includes(path), relative(root, path));
    }
    assert.equal(await wouldList(root, join(root, 'pkg', 'deleted.py'), { exclude }), true, 'a file that is not there is judged by its path');
    assert.equal(await wouldList(join(root, 'pkg'), join(root, 'app.py')), false, 'outside the root');
  });

  test('agrees with a walk about symlinks', async (t) => {
    const outside = tree({ 'secret.py': '', 'pkg/lib.py': '' });
    const root = tree({ 'app.py': '', 'lib/real.py': '', 'generated/hidden.py': '' });
    const links: [string, string, 'file' | 'dir'][] = [
      [join(outside, 'secret.py'), 'vendor.py', 'file'],
      [join(outside, 'pkg'), 'linked-pkg', 'dir'],
      [join(root, 'lib'), 'lib-again', 'dir'],
      [join(root, 'lib', 'real.py'), 'alias.py', 'file'],
      [join(root, 'generated', 'hidden.py'), 'shown.py', 'file'],
    ];
    if (!links.every(([target, path, type]) => trySymlink(target, join(root, path), type))) {
      t.skip('symlinks are not available here');
      return;
    }
    const exclude = createExcludeMatcher(['generated/**'], root);
    const walked = (await listSourceFiles([root], { exclude })).files.map((file) => file.path);
    assert.deepEqual(walked.map((path) => relative(root, path).split(sep).join('/')), ['app.py', 'lib/real.py', 'shown.py']);
    for (const path of ['app.py', 'lib/real.py', 'vendor.py', 'linked-pkg/lib.py', 'lib-again/real.py', 'alias.py', 'shown.py', 'generated/hidden.py']) {
      assert.equal(await wouldList(root, join(root, ...path.split('/')), { exclude }), walked.includes(join(root, ...path.split('/'))), path);
    }
  });
});

describe('readSourceText', () => {
  test('reads UTF-8, telling a byte order mark apart from the text', async () => {
    const root = tree({ 'bom.py': Buffer.from('\uFEFFx = "é"\n', 'utf8'), 'plain.py': 'y = 1\n' });
    assert.deepEqual(await readSourceText(join(root, 'bom.py')), { kind: 'text', text: 'x = "é"\n', exact: true, bom: true });
    assert.deepEqual(await readSourceText(join(root, 'plain.py')), { kind: 'text', text: 'y = 1\n', exact: true, bom: false });
  });

  test('marks text that is not valid UTF-8 as not exact', async () => {
    const root = tree({ 'latin1.py': Buffer.from('x = "caf\xe9"\n', 'latin1') });
    const source = await readSourceText(join(root, 'latin1.py'));
    assert.equal(source.kind, 'text');
    assert.equal(source.kind === 'text' && source.exact, false);
  });

  test('recognises binary files by their NUL bytes', async () => {
    const root = tree({ 'blob.py': Buffer.from([0x70, 0x00, 0x01]) });
    assert.deepEqual(await readSourceText(join(root, 'blob.py')), { kind: 'binary' });
  });

  test('explains why a file cannot be read', async () => {
    const root = tree({});
    assert.deepEqual(await readSourceText(join(root, 'missing.py')), { kind: 'unreadable', reason: 'no such file or directory' });
  });
});
