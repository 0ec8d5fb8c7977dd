// The TextMate injection grammar that highlights suppression comments, tokenized with the engine
// VS Code uses (vscode-textmate + vscode-oniguruma) inside VS Code's own Python, TypeScript,
// TSX, JavaScript and JSX grammars (from the `tm-grammars` package), so the injection selector is
// proved against the comment scopes those grammars really produce. Then, line by line, what the
// grammar highlights is checked against what the engine's suppression parser reads.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { initEngine } from '../../server/src/engine';
import { parsePython } from '../../server/src/engine/python/parser';
import { pythonSuppressions, scriptSuppressions } from '../../server/src/engine/suppressions';
import { LineIndex } from '../../server/src/engine/text';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { grammars?: GrammarContribution[] } };
const contribution = manifest.contributes.grammars?.find((g) => g.path.includes('awaitwise-directives'));
const grammarPath = join(root, contribution?.path ?? 'syntaxes/awaitwise-directives.injection.tmLanguage.json');

/** The root scopes of VS Code's built-in grammars for the five languages, and their `tm-grammars` names. */
const HOSTS: Record<string, string> = {
  'source.python': 'python',
  'source.ts': 'typescript',
  'source.tsx': 'tsx',
  'source.js': 'javascript',
  'source.js.jsx': 'jsx',
};
const HOST_SCOPES = Object.keys(HOSTS);

const OURS = /\.awaitwise$/;
const RULE_ID = 'constant.other.rule-id.awaitwise';
const RULE_CODE = 'constant.other.rule-code.awaitwise';
const KEYWORD = 'keyword.other.directive.awaitwise';
const COMMA = 'punctuation.separator.comma.awaitwise';

describe('the grammar file and its contribution', () => {
  test('is valid JSON, named as package.json contributes it, injected into the five host languages', () => {
    assert.ok(contribution, 'package.json contributes the awaitwise-directives grammar');
    assert.ok(existsSync(grammarPath), `${contribution.path} exists`);
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Record<string, unknown>;
    assert.equal(grammar.scopeName, contribution.scopeName);
    assert.equal(typeof grammar.injectionSelector, 'string');
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0, 'has top-level patterns');
    assert.equal(typeof grammar.repository, 'object');
    assert.deepEqual([...(contribution.injectTo ?? [])].sort(), [...HOST_SCOPES].sort(), 'injectTo names each host scope once');
    // Every `#name` include resolves.
    const repository = grammar.repository as Record<string, unknown>;
    for (const include of collect(grammar, ['include'])) {
      assert.ok(include.startsWith('#') && include.slice(1) in repository, `include ${include} resolves in the repository`);
    }
  });

  test('every regular expression compiles with Oniguruma', async () => {
    await loadOniguruma();
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as unknown;
    const sources = collect(grammar, ['match', 'begin', 'end', 'while']);
    assert.ok(sources.length >= 6, `found ${sources.length} expressions`);
    for (const source of sources) {
      assert.doesNotThrow(() => oniguruma.createOnigScanner([source]).dispose(), `compiles: ${source}`);
    }
    assert.throws(() => oniguruma.createOnigScanner(['(?<=a']), 'a broken expression does throw, so the check above means something');
  });
});

let registry: textmate.Registry;
const grammars = new Map<string, textmate.IGrammar>();

async function hostGrammar(scope: string): Promise<textmate.IGrammar> {
  let grammar = grammars.get(scope);
  if (!grammar) {
    const loaded = await registry.loadGrammar(scope);
    assert.ok(loaded, `loaded ${scope}`);
    grammar = loaded;
    grammars.set(scope, grammar);
  }
  return grammar;
}

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

async function tokenize(scope: string, text: string): Promise<Token[]> {
  const grammar = await hostGrammar(scope);
  let state = textmate.INITIAL;
  const tokens: Token[] = [];
  text.split('\n').forEach((content, line) => {
    const result = grammar.tokenizeLine(content, state);
    for (const token of result.tokens) {
      tokens.push({ line, text: content.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

const ours = (token: Token) => token.scopes.filter((scope) => OURS.test(scope));
const withScope = (tokens: Token[], scope: string) => tokens.filter((t) => t.scopes.includes(scope)).map((t) => t.text);

function only(tokens: Token[], text: string): Token {
  const found = tokens.filter((t) => t.text === text);
  assert.equal(found.length, 1, `exactly one token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found[0];
}

function assertNothingOurs(tokens: Token[], what: string): void {
  const highlighted = tokens.filter((t) => ours(t).length > 0);
  assert.deepEqual(highlighted, [], `${what}: nothing highlighted as a directive`);
}

describe('tokenized inside the real host grammars', () => {
  before(async () => {
    await loadOniguruma();
    registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: oniguruma.createOnigScanner, createOnigString: oniguruma.createOnigString }),
      loadGrammar: async (scopeName) => {
        if (scopeName === contribution?.scopeName) return textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
        if (!(scopeName in HOSTS)) return null; // grammars the hosts embed are not needed here
        const file = require.resolve(`tm-grammars/grammars/${HOSTS[scopeName]}.json`);
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      },
      // Exactly as VS Code wires it: from the manifest's injectTo.
      getInjections: (scopeName) => (contribution?.injectTo?.includes(scopeName) ? [contribution.scopeName] : undefined),
    });
  });

  test('the host grammars are VS Code\'s and give comments the scopes the selector expects', async () => {
    const { grammars: catalog } = await import('tm-grammars');
    for (const [scope, name] of Object.entries(HOSTS)) {
      const info = catalog.find((g) => g.name === name);
      assert.equal(info?.scopeName, scope);
      assert.match(info.source, /^https:\/\/github\.com\/microsoft\/vscode\/blob\/[0-9a-f]+\/extensions\//, `${name} is VS Code's built-in grammar`);
    }
    const python = only(await tokenize('source.python', 'x = 1  # plain'), ' plain');
    assert.ok(python.scopes.includes('comment.line.number-sign.python'), python.scopes.join(' '));
    for (const [scope, suffix] of [['source.ts', 'ts'], ['source.tsx', 'tsx'], ['source.js', 'js'], ['source.js.jsx', 'js.jsx']]) {
      const line = only(await tokenize(scope, 'f(); // plain'), ' plain');
      assert.ok(line.scopes.includes(`comment.line.double-slash.${suffix}`), `${scope}: ${line.scopes.join(' ')}`);
      const block = only(await tokenize(scope, 'f(/* plain */);'), ' plain ');
      assert.ok(block.scopes.includes(`comment.block.${suffix}`), `${scope}: ${block.scopes.join(' ')}`);
    }
  });

  test('Python: awaitwise: ignore[...] scopes the keyword and each rule id, not the code', async () => {
    const tokens = await tokenize('source.python', 'time.sleep(1)  # awaitwise: ignore[blocking-sleep, dangling-task]');
    for (const id of ['blocking-sleep', 'dangling-task']) {
      const token = only(tokens, id);
      assert.ok(token.scopes.includes(RULE_ID), `${id}: ${token.scopes.join(' ')}`);
      assert.ok(token.scopes.includes('comment.line.number-sign.python'), 'still inside the comment');
      assert.ok(token.scopes.includes('meta.directive.suppression.awaitwise'));
    }
    assert.deepEqual(withScope(tokens, KEYWORD).join(''), 'awaitwise: ignore');
    assert.deepEqual(withScope(tokens, 'punctuation.separator.key-value.awaitwise'), [':']);
    assert.deepEqual(withScope(tokens, 'punctuation.definition.rule-list.begin.awaitwise'), ['[']);
    assert.deepEqual(withScope(tokens, 'punctuation.definition.rule-list.end.awaitwise'), [']']);
    assert.deepEqual(withScope(tokens, COMMA), [',']);
    const code = tokens.filter((t) => t.text.trim() !== '' && !t.scopes.some((s) => s.startsWith('comment.')));
    assert.equal(code.map((t) => t.text).join(''), 'time.sleep(1)');
    assertNothingOurs(code, 'the code before the comment');
  });

  test('Python: bare ignore, noqa codes, and directives chained after another comment', async () => {
    const bare = await tokenize('source.python', 'x()  # awaitwise: ignore');
    assert.equal(withScope(bare, KEYWORD).join(''), 'awaitwise: ignore');
    assert.deepEqual(withScope(bare, RULE_ID), []);

    const noqa = await tokenize('source.python', 'x()  # noqa: ASYNC251');
    assert.ok(only(noqa, 'ASYNC251').scopes.includes(RULE_CODE));
    assert.deepEqual(withScope(noqa, KEYWORD), ['noqa']);

    const codes = await tokenize('source.python', 'x()  # noqa: E501,ASYNC251 , RUF006 because');
    assert.deepEqual(withScope(codes, RULE_CODE), ['E501', 'ASYNC251', 'RUF006']);
    assert.ok(!only(codes, ' because').scopes.some((s) => OURS.test(s)));

    const chained = await tokenize('source.python', 'x()  # type: ignore  # noqa: E501  # awaitwise: ignore[blocking-sleep]');
    assert.deepEqual(withScope(chained, RULE_CODE), ['E501']);
    assert.deepEqual(withScope(chained, RULE_ID), ['blocking-sleep']);

    const plainThenDirective = await tokenize('source.python', 'x()  # slow on purpose # awaitwise: ignore[blocking-sleep]');
    assert.deepEqual(withScope(plainThenDirective, RULE_ID), ['blocking-sleep']);

    const ownLine = await tokenize('source.python', '    # awaitwise: ignore[blocking-sleep]');
    assert.deepEqual(withScope(ownLine, RULE_ID), ['blocking-sleep']);
  });

  test('Python: ordinary comments, strings and malformed directives are left alone', async () => {
    for (const line of [
      '# just a comment about awaitwise',
      '# awaitwise ignore[blocking-sleep]',
      '# awaitwise : ignore[blocking-sleep]',
      '# awaitwise: skip[blocking-sleep]',
      '# see the awaitwise: ignore[blocking-sleep] syntax',
      'x()  # noqa',
      'x()  # NOQA: ASYNC251',
      'x()  # noqa ASYNC251',
      '# awaitwise-ignore-next-line floating-promise',
      'x = "# awaitwise: ignore[blocking-sleep]"',
      "x = '# noqa: ASYNC251'",
      'x = f"{y}  # awaitwise: ignore[blocking-sleep]"',
    ]) {
      assertNothingOurs(await tokenize('source.python', line), line);
    }
    // A `#` comment inside a verbose regular expression is a string to Python.
    const verbose = await tokenize('source.python', 'R = re.compile(r"""\n  a+  # awaitwise: ignore[blocking-sleep]\n""", re.X)');
    assertNothingOurs(verbose, 'a comment inside a verbose regex string');
    // Within the brackets only kebab-case rule ids are rule ids; a peer code there matches nothing.
    const mixed = await tokenize('source.python', 'x()  # awaitwise: ignore[ASYNC251, x_dangling-task, Unnamed-task, blocking-sleep]');
    assert.deepEqual(withScope(mixed, RULE_ID), ['blocking-sleep']);
  });

  for (const [scope, name] of [['source.ts', 'TypeScript'], ['source.js', 'JavaScript'], ['source.tsx', 'TSX'], ['source.js.jsx', 'JSX']]) {
    test(`${name}: next-line directives in line and block comments`, async () => {
      const line = await tokenize(scope, '  // awaitwise-ignore-next-line floating-promise, await-in-loop -- reason here');
      for (const id of ['floating-promise', 'await-in-loop']) {
        const token = only(line, id);
        assert.ok(token.scopes.includes(RULE_ID), `${id}: ${token.scopes.join(' ')}`);
        assert.ok(token.scopes.some((s) => s.startsWith('comment.line.double-slash.')), 'still inside the comment');
      }
      assert.deepEqual(withScope(line, KEYWORD), ['awaitwise-ignore-next-line']);
      assert.deepEqual(withScope(line, COMMA), [',']);
      const reason = line.filter((t) => /reason|--/.test(t.text));
      assert.ok(reason.length > 0);
      assertNothingOurs(reason, 'the reason');
      assert.ok(reason.every((t) => t.scopes.some((s) => s.startsWith('comment.'))), 'the reason stays a comment');

      const block = await tokenize(scope, '/* awaitwise-ignore-next-line floating-promise */');
      assert.deepEqual(withScope(block, RULE_ID), ['floating-promise']);
      assert.deepEqual(withScope(block, KEYWORD), ['awaitwise-ignore-next-line']);
      assert.ok(only(block, 'floating-promise').scopes.some((s) => s.startsWith('comment.block.')));
      assert.ok(!only(block, '*/').scopes.some((s) => OURS.test(s)), 'the comment end is the host\'s');

      const bare = await tokenize(scope, '\t// awaitwise-ignore-next-line');
      assert.deepEqual(withScope(bare, KEYWORD), ['awaitwise-ignore-next-line']);
      assert.deepEqual(withScope(bare, RULE_ID), []);
    });

    test(`${name}: comments that are not directives the engine reads are left alone`, async () => {
      for (const line of [
        '// just a comment about awaitwise-ignore-next-line',
        'save(); // awaitwise-ignore-next-line floating-promise',
        '/** awaitwise-ignore-next-line floating-promise */',
        '/* see: */ // awaitwise-ignore-next-line floating-promise',
        '// awaitwise-ignore-next-lines floating-promise',
        '// awaitwise: ignore[floating-promise]',
        '//   Python:  x()  # awaitwise: ignore[rule-id, other-id]',
        '//            x()  # noqa: ASYNC251',
        '// eslint-disable-next-line @typescript-eslint/no-floating-promises',
        'const s = "// awaitwise-ignore-next-line floating-promise";',
        'const t = `\n// awaitwise-ignore-next-line floating-promise\n`;',
      ]) {
        assertNothingOurs(await tokenize(scope, line), line);
      }
      const typed = await tokenize(scope, '// awaitwise-ignore-next-line ASYNC251, @typescript-eslint/no-floating-promises, floating-promise');
      assert.deepEqual(withScope(typed, RULE_ID), ['floating-promise'], 'only whole rule ids, never peer codes or ESLint names');
    });
  }

  for (const [scope, suffix] of [['source.tsx', 'tsx'], ['source.js.jsx', 'js.jsx']]) {
    test(`${suffix}: {/* awaitwise-ignore-next-line ... */} among JSX children`, async () => {
      const source = [
        'export const A = () => (',
        '  <div>',
        '    {/* awaitwise-ignore-next-line floating-promise, await-in-loop */}',
        '    {void save()}',
        '  </div>',
        ');',
      ].join('\n');
      const tokens = await tokenize(scope, source);
      const id = only(tokens, 'floating-promise');
      assert.equal(id.line, 2);
      assert.ok(id.scopes.includes(RULE_ID), id.scopes.join(' '));
      assert.ok(id.scopes.includes(`comment.block.${suffix}`), `the host scopes it as a block comment: ${id.scopes.join(' ')}`);
      assert.ok(id.scopes.some((s) => s.startsWith('meta.jsx.children')), 'it sits among JSX children');
      assert.deepEqual(withScope(tokens, RULE_ID), ['floating-promise', 'await-in-loop']);
      assert.deepEqual(withScope(tokens, KEYWORD), ['awaitwise-ignore-next-line']);
      assertNothingOurs(tokens.filter((t) => t.line !== 2), 'the other lines');
    });
  }

  test('agrees with the engine\'s parser on which lines are directives and which rules they name', async () => {
    await initEngine();
    const python = [
      'x()  # awaitwise: ignore[blocking-sleep]',
      'x()  # awaitwise: ignore[dangling-task,blocking-sleep]',
      'x()  #awaitwise:ignore[ blocking-sleep ]',
      'x()  # awaitwise: ignore',
      'x()  # awaitwise: ignore []',
      'x()  # noqa: ASYNC251',
      'x()  # noqa:ASYNC251,  ASYNC110',
      'x()  # type: ignore  # awaitwise: ignore[blocking-sleep]',
      'x()  # noqa: E501  # awaitwise: ignore[blocking-sleep]',
      'x()  # noqa',
      'x()  # awaitwise ignore',
      'x = "# awaitwise: ignore[blocking-sleep]"',
      '# a comment that mentions awaitwise',
    ];
    for (const line of python) {
      const tree = parsePython(line);
      let engine: string[];
      try {
        const isComment = (row: number, column: number) => tree.rootNode.descendantForPosition({ row, column })?.type === 'comment';
        engine = pythonSuppressions(line, new LineIndex(line), isComment).flatMap((s) => [`<${s.kind}>`, ...s.codes]);
      } finally {
        tree.delete();
      }
      const tokens = await tokenize('source.python', line);
      const grammar = tokens.flatMap((t) => {
        if (t.scopes.includes(KEYWORD) && (t.text === 'noqa' || t.text === 'awaitwise')) return [`<${t.text}>`];
        if (t.scopes.includes(RULE_ID) || t.scopes.includes(RULE_CODE)) return [t.text];
        return [];
      });
      assert.deepEqual(grammar, engine, line);
    }
    const script = [
      '// awaitwise-ignore-next-line floating-promise',
      '  // awaitwise-ignore-next-line floating-promise, await-in-loop -- reason here',
      '//awaitwise-ignore-next-line floating-promise',
      '/* awaitwise-ignore-next-line floating-promise */',
      '{/* awaitwise-ignore-next-line floating-promise */}',
      '// awaitwise-ignore-next-line',
      'save(); // awaitwise-ignore-next-line floating-promise',
      '// note: awaitwise-ignore-next-line floating-promise',
    ];
    for (const line of script) {
      const engine = scriptSuppressions(line, new LineIndex(line))
        .filter((s) => s.kind === 'awaitwise')
        .flatMap((s) => ['<awaitwise>', ...s.codes]);
      const tokens = await tokenize(line.startsWith('{') ? 'source.tsx' : 'source.ts', line.startsWith('{') ? `<a>\n${line}\n</a>` : line);
      const grammar = tokens.flatMap((t) => (t.scopes.includes(KEYWORD) ? ['<awaitwise>'] : t.scopes.includes(RULE_ID) ? [t.text] : []));
      assert.deepEqual(grammar, engine, line);
    }
  });
});

let onigLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onigLoaded ??= oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  return onigLoaded;
}

/** Every string value under the given keys, anywhere in a JSON value. */
function collect(value: unknown, keys: string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, keys));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (keys.includes(key) && typeof item === 'string' ? [item] : collect(item, keys)));
}
