// Turns user choices (select / ignore lists, per-rule severities) into the set of enabled
// rules and their severities. Shared by the CLI and the language server.
import type { RuleMeta } from './rule';
import type { Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface RuleSelection {
  /** Replaces the default set: rule ids, peer aliases, or `all`. */
  select?: readonly string[];
  /**
   * Per-rule severity, or `off`, in layers applied in order, so a later layer wins for the rules
   * it names (a configuration file's, then the editor's). Naming an off-by-default rule with a
   * severity enables it.
   */
  severities?: readonly Readonly<Record<string, RuleSetting>>[];
  /** Removed last, whatever `severities` says: rule ids or aliases. */
  ignore?: readonly string[];
}

export interface ResolvedRules {
  rules: Map<string, Severity>;
  /** Names that match no rule id or alias, for a clear error or warning. */
  unknown: string[];
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** The values a rule can be given in settings and configuration files. */
export const RULE_SETTINGS: readonly RuleSetting[] = [...SEVERITIES, 'off'];

/** Rules a name designates: its id, a peer alias (case-insensitive), or `all`. */
export function rulesNamed(name: string, catalog: readonly RuleMeta[]): RuleMeta[] {
  if (name === 'all') return [...catalog];
  const upper = name.toUpperCase();
  return catalog.filter((rule) => rule.id === name || rule.aliases.some((alias) => alias.toUpperCase() === upper));
}

export function resolveRules(selection: RuleSelection, catalog: readonly RuleMeta[]): ResolvedRules {
  const unknown: string[] = [];
  const lookup = (name: string): RuleMeta[] => {
    const found = rulesNamed(name, catalog);
    if (found.length === 0) unknown.push(name);
    return found;
  };
  const enabled = new Set<string>(
    selection.select
      ? selection.select.flatMap(lookup).map((rule) => rule.id)
      : catalog.filter((rule) => rule.enabledByDefault).map((rule) => rule.id),
  );
  const severities = new Map<string, Severity>();
  for (const layer of selection.severities ?? []) {
    for (const [name, setting] of Object.entries(layer)) {
      for (const rule of lookup(name)) {
        if (setting === 'off') enabled.delete(rule.id);
        else {
          enabled.add(rule.id);
          severities.set(rule.id, setting);
        }
      }
    }
  }
  for (const name of selection.ignore ?? []) for (const rule of lookup(name)) enabled.delete(rule.id);
  const rules = new Map<string, Severity>();
  for (const rule of catalog) {
    if (enabled.has(rule.id)) rules.set(rule.id, severities.get(rule.id) ?? rule.severity);
  }
  return { rules, unknown };
}

/** Python identifiers joined by dots (`requests.get`, `mylib.Client.fetch`): how users name callables. */
const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

/** The same, as a JSON schema `pattern` (schema validators compile patterns with the `u` flag). */
export const DOTTED_NAME_PATTERN = DOTTED_NAME.source;

export function isDottedName(name: string): boolean {
  return DOTTED_NAME.test(name);
}
