// The snippets the extension contributes (snippets/python.json, snippets/typescript.json) must
// teach the patterns the rules ask for: each body, expanded to its placeholder defaults, has to
// parse and to pass every rule of the catalog, including the rules that are off by default.
// A snippet that triggers a finding teaches an anti-pattern, which is a bug in the snippet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type ts from 'typescript';
import { analyze, initEngine, type AnalyzeOptions, type Finding, type Severity, type SourceLanguage } from '../../server/src/engine';
import { parsePython } from '../../server/src/engine/python/parser';
import { parseTypeScript } from '../../server/src/engine/typescript/parser';
import { catalog } from '../../server/src/rules';
import { syntaxErrors } from '../helpers/parse-check';
import { typedAnalysisOptions } from '../helpers/typed-program';

const ROOT = join(__dirname, '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

type SnippetFile = Record<string, Snippet>;

function loadSnippets(file: string): SnippetFile {
  return JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as SnippetFile;
}

// ---------------------------------------------------------------------------------------------
// Snippet expansion: VS Code's snippet syntax resolved to what the user gets by accepting every
// default (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar).

/** Values for VS Code's snippet variables; a variable not listed here expands to its own name, as in VS Code. */
const VARIABLES: Readonly<Record<string, string>> = {
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  TM_CURRENT_WORD: '',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  TM_FILENAME: 'example.py',
  TM_FILENAME_BASE: 'example',
  TM_DIRECTORY: '/project',
  TM_FILEPATH: '/project/example.py',
  RELATIVE_FILEPATH: 'example.py',
  CLIPBOARD: '',
  WORKSPACE_NAME: 'project',
  WORKSPACE_FOLDER: '/project',
  CURSOR_INDEX: '0',
  CURSOR_NUMBER: '1',
  CURRENT_YEAR: '2025',
  CURRENT_YEAR_SHORT: '25',
  CURRENT_MONTH: '01',
  CURRENT_MONTH_NAME: 'January',
  CURRENT_MONTH_NAME_SHORT: 'Jan',
  CURRENT_DATE: '01',
  CURRENT_DAY_NAME: 'Monday',
  CURRENT_DAY_NAME_SHORT: 'Mon',
  CURRENT_HOUR: '12',
  CURRENT_MINUTE: '00',
  CURRENT_SECOND: '00',
  CURRENT_SECONDS_UNIX: '1735732800',
  CURRENT_TIMEZONE_OFFSET: '+00:00',
  RANDOM: '123456',
  RANDOM_HEX: 'abcdef',
  UUID: '00000000-0000-4000-8000-000000000000',
  BLOCK_COMMENT_START: '/*',
  BLOCK_COMMENT_END: '*/',
  LINE_COMMENT: '//',
};

interface Expansion {
  text: string;
  /** The expanded default of every `${n:...}` occurrence, by tab stop. */
  defaults: Map<number, string[]>;
}

/** Expands a snippet body with every placeholder at its default; `\t` becomes `indent`. Throws on malformed syntax. */
function expandSnippet(body: string, indent: string, variables: Readonly<Record<string, string>> = VARIABLES): Expansion {
  const defaults = new Map<number, string[]>();
  let pos = 0;

  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${pos} of ${JSON.stringify(body)}`);
  };

  /** Text up to the end of the body, or up to the `}` that closes the enclosing placeholder. */
  const sequence = (inPlaceholder: boolean): string => {
    let out = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        out += body[pos + 1];
        pos += 2;
      } else if (ch === '}' && inPlaceholder) {
        return out;
      } else if (ch === '$') {
        out += dollar();
      } else {
        out += ch;
        pos++;
      }
    }
    if (inPlaceholder) fail('unclosed placeholder');
    return out;
  };

  const closeBrace = (): void => {
    if (body[pos] !== '}') fail('expected "}"');
    pos++;
  };

  const variable = (name: string, fallback: string | undefined): string => {
    const value = variables[name];
    if (value) return value;
    if (fallback !== undefined) return fallback;
    return value === undefined ? name : '';
  };

  /** `${n|a,b|}`: the first choice. Inside choices `\,`, `\|` and `\\` are escapes. */
  const choice = (): string => {
    const options: string[] = [''];
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && ',|\\'.includes(body[pos + 1])) {
        options[options.length - 1] += body[pos + 1];
        pos += 2;
      } else if (ch === ',') {
        options.push('');
        pos++;
      } else if (ch === '|' && body[pos + 1] === '}') {
        pos += 2;
        return options[0];
      } else {
        options[options.length - 1] += ch;
        pos++;
      }
    }
    return fail('unclosed choice');
  };

  const dollar = (): string => {
    const rest = body.slice(pos);
    let match: RegExpExecArray | null;
    if ((match = /^\$(\d+)/.exec(rest)) || (match = /^\$\{(\d+)\}/.exec(rest))) {
      pos += match[0].length;
      return '';
    }
    if ((match = /^\$\{(\d+):/.exec(rest))) {
      pos += match[0].length;
      const text = sequence(true);
      closeBrace();
      const stop = Number(match[1]);
      defaults.set(stop, [...(defaults.get(stop) ?? []), text]);
      return text;
    }
    if ((match = /^\$\{(\d+)\|/.exec(rest))) {
      pos += match[0].length;
      return choice();
    }
    if ((match = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest)) || (match = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/.exec(rest))) {
      pos += match[0].length;
      return variable(match[1], undefined);
    }
    if ((match = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*):/.exec(rest))) {
      pos += match[0].length;
      const fallback = sequence(true);
      closeBrace();
      return variable(match[1], fallback);
    }
    if (/^\$\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)\//.test(rest)) return fail('transforms are not supported by this expander');
    if (rest.startsWith('${')) return fail('malformed placeholder');
    pos++;
    return '$';
  };

  const text = sequence(false).replace(/\t/g, indent);
  return { text, defaults };
}

/** The body as one string, lines joined as VS Code joins them. */
function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

// ---------------------------------------------------------------------------------------------
// Syntax and rule checks, with messages that name the snippet and show the expanded text.

function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, index) => `${String(index + 1).padStart(3)} | ${line}`)
    .join('\n');
}

/** The parse errors of a text, described; empty when it parses cleanly (per test/helpers/parse-check). */
function parseProblems(text: string, language: SourceLanguage): string[] {
  if (syntaxErrors(text, language) === 0) return [];
  if (language === 'python') {
    const tree = parsePython(text);
    try {
      const problems: string[] = [];
      const cursor = tree.walk();
      const visit = (): void => {
        const node = cursor.currentNode;
        if (node.type === 'ERROR' || node.isMissing) {
          problems.push(`${node.isMissing ? `missing ${node.type}` : 'syntax error'} at line ${node.startPosition.row + 1}`);
        }
        if (cursor.gotoFirstChild()) {
          do visit();
          while (cursor.gotoNextSibling());
          cursor.gotoParent();
        }
      };
      visit();
      cursor.delete();
      return problems.length > 0 ? problems : ['the tree has an error'];
    } finally {
      tree.delete();
    }
  }
  const sourceFile = parseTypeScript(text, language) as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] };
  return (sourceFile.parseDiagnostics ?? []).map((diagnostic) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
    const message = typeof diagnostic.messageText === 'string' ? diagnostic.messageText : diagnostic.messageText.messageText;
    return `line ${line + 1}: ${message}`;
  });
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((finding) => `  ${finding.ruleId} at line ${finding.range.start.line + 1}: ${finding.message}`).join('\n');
}

const TIMEOUT_HANDLER_RETURNS =
  // missing-checkpoint (ASYNC910) walks an `except` clause as if the exception could come from
  // before the first await of the `try` body. A deadline's TimeoutError only comes after the
  // scope cancelled an await, and returning a fallback from the handler is the point of the snippet.
  'the TimeoutError handler returns a fallback, which missing-checkpoint reads as a path without an await';

/**
 * Off-by-default rules a snippet may trigger on purpose, with the reason, keyed by prefix. Rules
 * on by default are never excluded (a test below checks it, and that each exclusion still fires).
 */
const EXCLUDED_RULES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'aw-timeout': { 'missing-checkpoint': TIMEOUT_HANDLER_RETURNS },
  'aw-anyio-fail-after': { 'missing-checkpoint': TIMEOUT_HANDLER_RETURNS },
  'aw-agen': {
    // This rule exists to ban undecorated async generators from a code base altogether; the
    // snippet is one by design, and it shows the safe way to consume it (aclosing()).
    'async-generator-unsafe': 'the snippet is an async generator by design, consumed through contextlib.aclosing()',
  },
};

/** Every rule of the catalog at its own severity, whether or not it is on by default. */
function everyRule(prefix: string): Map<string, Severity> {
  const excluded = EXCLUDED_RULES[prefix] ?? {};
  return new Map(catalog.filter((rule) => !(rule.meta.id in excluded)).map((rule) => [rule.meta.id, rule.meta.severity]));
}

function prefixesOf(snippet: Snippet): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

// ---------------------------------------------------------------------------------------------

const FILES = [
  {
    file: 'python.json',
    indent: '    ',
    minimum: 12,
    required: [
      'aw-run',
      'aw-taskgroup',
      'aw-gather',
      'aw-semaphore',
      'aw-queue',
      'aw-timeout',
      'aw-shutdown',
      'aw-to-thread',
      'aw-executor',
      'aw-acm',
      'aw-agen',
      'aw-retry',
      'aw-session',
      'aw-anyio-taskgroup',
      'aw-anyio-fail-after',
      'aw-anyio-to-thread',
      'aw-anyio-stream',
      'aw-nursery',
    ],
  },
  {
    file: 'typescript.json',
    indent: '  ',
    minimum: 8,
    required: ['aw-all-settled', 'aw-fetch-timeout', 'aw-limit', 'aw-retry', 'aw-shutdown', 'aw-worker', 'aw-for-await', 'aw-await-using', 'aw-abort'],
  },
] as const;

describe('the snippet expander', () => {
  const expand = (body: string, indent = '    ') => expandSnippet(body, indent).text;

  test('resolves tab stops, placeholders and nested placeholders to their defaults', () => {
    assert.equal(expand('a$1b${2}c$0'), 'abc');
    assert.equal(expand('${1:name}'), 'name');
    assert.equal(expand('${1:outer ${2:inner} end}!'), 'outer inner end!');
    assert.equal(expand('${1:a ${2:b ${3:c}}}'), 'a b c');
    assert.equal(expand('f(${1:x}, ${1:x})'), 'f(x, x)');
    assert.equal(expand('${1:}'), '');
  });

  test('takes the first choice, honouring escaped commas and bars', () => {
    assert.equal(expand('${1|one,two,three|}'), 'one');
    assert.equal(expand('${1|a\\,b,c|}'), 'a,b');
    assert.equal(expand('${1|x\\|y,z|}'), 'x|y');
  });

  test('turns escapes into literal text and keeps lone dollars and braces', () => {
    assert.equal(expand('\\$1 \\} \\\\'), '$1 } \\');
    assert.equal(expand('${1:a\\}b}'), 'a}b');
    assert.equal(expand('`\\${value}`'), '`${value}`');
    assert.equal(expand('`\\${${1:url}}`'), '`${url}`');
    assert.equal(expand('f"{${1:x}}"'), 'f"{x}"');
    assert.equal(expand('cost: 5$ {}'), 'cost: 5$ {}');
    assert.equal(expand('a\\nb'), 'a\\nb', 'a backslash before anything else stays');
  });

  test('resolves variables, with their defaults when empty and their names when unknown', () => {
    assert.equal(expand('$TM_FILENAME_BASE'), 'example');
    assert.equal(expand('${TM_FILENAME_BASE}.py'), 'example.py');
    assert.equal(expand('${TM_SELECTED_TEXT:pass}'), 'pass');
    assert.equal(expand('${TM_SELECTED_TEXT}'), '');
    assert.equal(expand('$NOT_A_VARIABLE'), 'NOT_A_VARIABLE');
  });

  test('replaces tabs with the indentation given', () => {
    assert.equal(expand('if x:\n\t${1:pass}', '    '), 'if x:\n    pass');
    assert.equal(expand('{\n\t\tx;\n}', '  '), '{\n    x;\n}');
  });

  test('records the default of every placeholder occurrence by tab stop', () => {
    const { defaults } = expandSnippet('${1:a} ${2:b ${1:c}} ${1:a}', '    ');
    assert.deepEqual(defaults.get(1), ['a', 'c', 'a']);
    assert.deepEqual(defaults.get(2), ['b c']);
  });

  test('rejects malformed snippets instead of guessing', () => {
    assert.throws(() => expand('${1:unclosed'), /unclosed placeholder/);
    assert.throws(() => expand('${1|a,b'), /unclosed choice/);
    assert.throws(() => expand('${1/(.*)/$1/}'), /transforms/);
    assert.throws(() => expand('${:x}'), /malformed/);
  });
});

describe('the snippet files', () => {
  test('package.json contributes them for every language the extension serves', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    const byLanguage = new Map(manifest.contributes.snippets.map((entry) => [entry.language, entry.path]));
    assert.equal(byLanguage.get('python'), './snippets/python.json');
    for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) {
      assert.equal(byLanguage.get(language), './snippets/typescript.json', language);
    }
  });

  for (const { file, indent, minimum, required } of FILES) {
    test(`${file} is well formed and covers the required patterns`, () => {
      const snippets = loadSnippets(file);
      const names = Object.keys(snippets);
      assert.ok(names.length >= minimum, `${file} has ${names.length} snippets, expected at least ${minimum}`);
      const seen = new Map<string, string>();
      for (const [name, snippet] of Object.entries(snippets)) {
        assert.ok(name.trim().length > 0, `${file}: a snippet has an empty name`);
        const prefixes = prefixesOf(snippet);
        assert.ok(prefixes.length > 0, `${name}: no prefix`);
        for (const prefix of prefixes) {
          assert.match(prefix, /^aw-[a-z0-9]+(-[a-z0-9]+)*$/, `${name}: prefix ${JSON.stringify(prefix)} is not aw- followed by a kebab-case name`);
          assert.ok(!seen.has(prefix), `${file}: prefix ${prefix} is used by both "${seen.get(prefix)}" and "${name}"`);
          seen.set(prefix, name);
        }
        assert.equal(typeof snippet.description, 'string', `${name}: the description must be a string`);
        assert.ok(snippet.description.trim().length > 0, `${name}: empty description`);
        assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, `${name}: the body must be a non-empty array of lines`);
        for (const [index, line] of (snippet.body as string[]).entries()) {
          assert.equal(typeof line, 'string', `${name}: body line ${index + 1} is not a string`);
          assert.doesNotMatch(line, /^\t* /, `${name}: body line ${index + 1} is indented with spaces; use \\t so the user's settings apply`);
          assert.doesNotMatch(line, /\s$/, `${name}: body line ${index + 1} has trailing whitespace`);
        }
        const { text, defaults } = expandSnippet(bodyText(snippet), indent);
        assert.ok(text.trim().length > 0, `${name}: the body expands to nothing`);
        for (const [stop, texts] of defaults) {
          assert.ok(
            texts.every((value) => value === texts[0]),
            `${name}: tab stop $${stop} has different defaults (${texts.map((value) => JSON.stringify(value)).join(', ')}); mirrors must agree`,
          );
        }
      }
      const missing = required.filter((prefix) => !seen.has(prefix));
      assert.deepEqual(missing, [], `${file} lacks snippets for ${missing.join(', ')}`);
    });
  }
});

describe('every snippet parses and passes every rule', () => {
  before(() => initEngine());

  test('rules are excluded only where needed, and never a rule that is on by default', () => {
    const all = new Map(FILES.flatMap(({ file, indent }) => Object.values(loadSnippets(file)).map((snippet) => [prefixesOf(snippet)[0], { snippet, indent, file }] as const)));
    for (const [prefix, excluded] of Object.entries(EXCLUDED_RULES)) {
      const entry = all.get(prefix);
      assert.ok(entry, `EXCLUDED_RULES names ${prefix}, which no snippet has`);
      assert.equal(entry.file, 'python.json', `${prefix}: exclusions are written for the Python snippets only`);
      const { text } = expandSnippet(bodyText(entry.snippet), entry.indent);
      for (const ruleId of Object.keys(excluded)) {
        const rule = catalog.find((candidate) => candidate.meta.id === ruleId);
        assert.ok(rule, `${prefix}: ${ruleId} is not a rule`);
        assert.equal(rule.meta.enabledByDefault, false, `${prefix}: ${ruleId} is on by default and must stay silent, not be excluded`);
        const hits = analyze(text, 'python', { rules: new Map([[ruleId, rule.meta.severity]]) });
        assert.ok(hits.length > 0, `${prefix}: ${ruleId} no longer reports the snippet; drop the exclusion`);
      }
    }
  });

  for (const { file, indent } of FILES) {
    const snippets = loadSnippets(file);
    const isPython = file === 'python.json';
    for (const [name, snippet] of Object.entries(snippets)) {
      const prefix = prefixesOf(snippet)[0];
      test(`${prefix} (${name})`, () => {
        const { text } = expandSnippet(bodyText(snippet), indent);
        const rules = everyRule(prefix);
        const check = (language: SourceLanguage, label: string, options: AnalyzeOptions = {}) => {
          const problems = parseProblems(text, language);
          assert.deepEqual(problems, [], `snippet ${prefix} (${name}) does not parse as ${label}:\n  ${problems.join('\n  ')}\n${numbered(text)}`);
          const findings = analyze(text, language, { ...options, rules });
          assert.equal(findings.length, 0, `snippet ${prefix} (${name}) triggers rules as ${label}:\n${describeFindings(findings)}\n${numbered(text)}`);
        };
        if (isPython) {
          check('python', 'Python');
          return;
        }
        check('typescript', 'TypeScript');
        check('javascript', 'JavaScript');
        for (const language of ['typescriptreact', 'javascriptreact'] as const) {
          const problems = parseProblems(text, language);
          assert.deepEqual(problems, [], `snippet ${prefix} (${name}) does not parse as ${language}:\n  ${problems.join('\n  ')}`);
        }
        // With a type checker too, which some checks (floating promises of any call) need.
        check('typescript', 'TypeScript with types', typedAnalysisOptions('snippet.ts', text));
        check('javascript', 'JavaScript with types', typedAnalysisOptions('snippet.js', text));
      });
    }
  }
});
