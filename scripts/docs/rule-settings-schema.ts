// The JSON schema of the `awaitwise.rules` setting, generated so that settings.json offers
// every rule id and every valid value as completions.
import { RULE_SETTINGS, type RuleSetting } from '../../server/src/engine/config';
import type { RuleMeta } from '../../server/src/engine/rule';

export const RULES_SETTING = 'awaitwise.rules';

interface RuleSettingsSchema {
  properties: Record<string, { type: 'string'; enum: readonly RuleSetting[]; description: string }>;
  /** Other keys are peer codes (`ASYNC251`), which take the same values. */
  additionalProperties: { type: 'string'; enum: readonly RuleSetting[] };
}

export function ruleSettingsSchema(rules: readonly RuleMeta[]): RuleSettingsSchema {
  const byId = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  return {
    properties: Object.fromEntries(
      byId.map((rule) => [
        rule.id,
        { type: 'string', enum: RULE_SETTINGS, description: `${rule.title} (default: ${rule.enabledByDefault ? rule.severity : 'off'})` },
      ]),
    ),
    additionalProperties: { type: 'string', enum: RULE_SETTINGS },
  };
}

/**
 * package.json with the generated parts of `awaitwise.rules` replaced, everything else kept.
 * The file is written the way npm writes it (two-space JSON and a final newline), so
 * parsing and re-serialising changes nothing else.
 */
export function withRuleSettingsSchema(packageJson: string, rules: readonly RuleMeta[]): string {
  const manifest = JSON.parse(packageJson) as { contributes?: { configuration?: { properties?: Record<string, Record<string, unknown>> } } };
  const setting = manifest.contributes?.configuration?.properties?.[RULES_SETTING];
  if (!setting) throw new Error(`package.json does not contribute the ${RULES_SETTING} setting`);
  Object.assign(setting, ruleSettingsSchema(rules));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
