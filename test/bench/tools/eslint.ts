// ESLint with typescript-eslint's parser and its promise rules (type-aware), plus ESLint's own
// promise rules, configured by a flat config written for the corpus.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_TMP, type Corpus } from '../corpus/files';
import { REPO_ROOT, packageVersion } from '../machine';
import type { Tool } from './tool';

/** typescript-eslint's rules about promises and async functions; all need type information. */
const TYPED_RULES = [
  'await-thenable',
  'no-floating-promises',
  'no-misused-promises',
  'prefer-promise-reject-errors',
  'promise-function-async',
  'require-await',
  'return-await',
];
/** ESLint's own, syntactic. */
const CORE_RULES = ['no-async-promise-executor', 'no-await-in-loop', 'no-promise-executor-return'];

export const ESLINT_RULES = [...TYPED_RULES.map((rule) => `@typescript-eslint/${rule}`), ...CORE_RULES];

function configText(corpus: Corpus): string {
  const project = corpus.typeProject;
  if (!project) throw new Error(`${corpus.name} has no TypeScript project for type-aware ESLint`);
  // A project shipped with the files is found the way typescript-eslint recommends; one written
  // for the benchmark is named.
  const parserOptions = project.kind === 'own' ? { projectService: true, tsconfigRootDir: corpus.root } : { project: [project.tsconfig] };
  const rules = Object.fromEntries(ESLINT_RULES.map((rule) => [rule, 'error']));
  const plugin = pathToFileURL(require.resolve('typescript-eslint', { paths: [REPO_ROOT] })).href;
  return `import tseslint from ${JSON.stringify(plugin)};

export default [
  // The node_modules corpus lies where ESLint ignores files by default.
  { ignores: ['!**/node_modules/'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser, parserOptions: ${JSON.stringify(parserOptions)} },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: ${JSON.stringify(rules)},
  },
];
`;
}

export const ESLINT_NAME = 'eslint + typescript-eslint';

export function eslintTool(): Tool {
  return {
    name: ESLINT_NAME,
    settings: {
      eslint: packageVersion('eslint'),
      typescriptEslint: packageVersion('typescript-eslint'),
      rules: ESLINT_RULES,
      concurrency: 'off (ESLint default)',
    },
    prepare: (corpus) => {
      const config = join(BENCH_TMP, `eslint-${corpus.name}.config.mjs`);
      writeFileSync(config, configText(corpus));
      return {
        script: join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
        // --no-inline-config: packages' own eslint comments name plugins this config lacks.
        args: ['--no-config-lookup', '-c', config, '--no-inline-config', '-f', 'json', ...corpus.files.map((file) => relative(corpus.root, file))],
        cwd: corpus.root,
        okExitCodes: [0, 1],
      };
    },
    parse: (stdout) => {
      const results = JSON.parse(stdout) as { messages: { ruleId: string | null; fatal?: boolean }[] }[];
      const messages = results.flatMap((result) => result.messages);
      const fatal = messages.filter((message) => message.fatal).length;
      const findings = messages.filter((message) => message.ruleId !== null).length;
      return fatal > 0 ? { findings, note: `${fatal} files could not be parsed` } : { findings };
    },
  };
}
