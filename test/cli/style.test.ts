import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStyle, wantsColour } from '../../server/src/cli/style';

test('colour follows the terminal unless FORCE_COLOR, NO_COLOR or TERM=dumb say otherwise', () => {
  assert.equal(wantsColour({}, true), true);
  assert.equal(wantsColour({}, false), false);
  assert.equal(wantsColour({ NO_COLOR: '1' }, true), false);
  assert.equal(wantsColour({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(wantsColour({ TERM: 'dumb' }, true), false);
  assert.equal(wantsColour({ FORCE_COLOR: '1' }, false), true);
  assert.equal(wantsColour({ FORCE_COLOR: '', NO_COLOR: '1' }, false), true);
  assert.equal(wantsColour({ FORCE_COLOR: '0' }, true), false);
  assert.equal(wantsColour({ FORCE_COLOR: 'false' }, true), false);
});

test('a colourless style leaves text untouched', () => {
  const style = createStyle(false);
  assert.equal(style.red(style.bold('error')), 'error');
  assert.equal(createStyle(true).red('error'), '\u001b[31merror\u001b[39m');
});
