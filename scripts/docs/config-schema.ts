// The JSON schema of awaitwise.json, generated from the rule catalog and the options'
// descriptions, so that editors complete and check rule ids, and explain every key.
import { CONFIG_KEY_DESCRIPTIONS } from '../../server/src/config/options';
import { CONFIG_SCHEMA_URL } from '../../server/src/config/starter';
import { DOTTED_NAME_PATTERN } from '../../server/src/engine/config';
import type { RuleMeta } from '../../server/src/engine/rule';
import { ruleSettingsSchema } from './rule-settings-schema';

export const CONFIG_SCHEMA_PATH = 'server/schemas/awaitwise.schema.json';

/** A schema pattern matching `code` in any case, as peer codes are: patterns take no flags. */
function anyCase(code: string): string {
  return [...code]
    .map((char) => (char.toLowerCase() !== char.toUpperCase() ? `[${char.toUpperCase()}${char.toLowerCase()}]` : char.replace(/[\\^$.*+?()[\]{}|/]/, '\\$&')))
    .join('');
}

/** A string with something in it besides spaces, as globs and call names must be. */
const NOT_BLANK = { type: 'string', pattern: '\\S' } as const;

const RULE_NAME = { $ref: '#/definitions/ruleName' } as const;

export function configSchema(rules: readonly RuleMeta[]): object {
  const ids = rules.map((rule) => rule.id).sort();
  const aliases = [...new Set(rules.flatMap((rule) => rule.aliases))].sort();
  const dottedNames = { type: 'array', items: { type: 'string', pattern: DOTTED_NAME_PATTERN } };
  const { properties: ruleProperties, additionalProperties: ruleValue } = ruleSettingsSchema(rules);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_URL,
    title: 'Awaitwise configuration',
    description:
      'Options for the files in this folder and below, unless a folder further down has its own configuration. The command-line flags and the VS Code settings win over them.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema that describes this file.' },
      select: { description: CONFIG_KEY_DESCRIPTIONS.select, type: 'array', items: RULE_NAME, minItems: 1 },
      ignore: { description: CONFIG_KEY_DESCRIPTIONS.ignore, type: 'array', items: RULE_NAME },
      rules: { description: CONFIG_KEY_DESCRIPTIONS.rules, type: 'object', propertyNames: RULE_NAME, properties: ruleProperties, additionalProperties: ruleValue },
      'per-file-ignores': {
        description: CONFIG_KEY_DESCRIPTIONS['per-file-ignores'],
        type: 'object',
        propertyNames: NOT_BLANK,
        additionalProperties: { type: 'array', items: RULE_NAME },
      },
      exclude: { description: CONFIG_KEY_DESCRIPTIONS.exclude, type: 'array', items: NOT_BLANK },
      'python-version': { description: CONFIG_KEY_DESCRIPTIONS['python-version'], type: 'string', pattern: '^\\s*3\\.\\d+\\s*$', examples: ['3.11'] },
      'blocking-calls': { description: CONFIG_KEY_DESCRIPTIONS['blocking-calls'], ...dottedNames },
      'startable-functions': { description: CONFIG_KEY_DESCRIPTIONS['startable-functions'], ...dottedNames },
      'safe-calls': { description: CONFIG_KEY_DESCRIPTIONS['safe-calls'], type: 'array', items: NOT_BLANK },
      'max-file-size': { description: CONFIG_KEY_DESCRIPTIONS['max-file-size'], type: 'integer', minimum: 0, examples: [2097152] },
    },
    definitions: {
      ruleName: {
        description: 'A rule id, a peer code such as ASYNC251 or no-floating-promises (in any case), or "all".',
        anyOf: [{ enum: ['all', ...ids] }, { type: 'string', pattern: `^(?:${aliases.map(anyCase).join('|')})$` }],
      },
    },
  };
}

export function renderConfigSchema(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}
