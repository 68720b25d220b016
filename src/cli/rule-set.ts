import path from 'node:path';
import { checkRuleIds, ConfigError, ruleLevel, ruleOptionsOf, type LoadedConfig } from '../config/config-file';
import { resolveRuleOptions, RuleOptionsError } from '../engine/rule-options';
import type { RuleOptions, Severity, Transform } from '../engine/transform';
import { loadTransformModule, transformModuleOf } from '../engine/transform-modules';

/** The module of the built-in transforms (`transforms/index`), loaded like any user's. */
export const BUILT_IN_TRANSFORMS = require.resolve('../../transforms');

/** The rules of one run as the CLI composes them from the built-ins, the config and the command line. */
export interface RuleSet {
  /** Every rule known: built-in, from the config's plugins, from `--transform <module>`. */
  readonly available: readonly Transform[];
  /** The rules this run runs, in order. */
  readonly selected: readonly Transform[];
  readonly severities: Readonly<Record<string, Severity>>;
  /** Each selected rule's options, checked and with defaults. */
  readonly ruleOptions: Readonly<Record<string, RuleOptions>>;
}

export interface RuleArguments {
  /** `--transform` values: rule ids, or module paths (relative to `cwd`). */
  readonly transforms: readonly string[];
  /** `--rule-option rule:name=value` values; a value that parses as JSON is that JSON, else a string. */
  readonly ruleOptions: readonly string[];
}

/** A `--transform` value names a module, not a rule id, when it looks like a path. */
export function isModulePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.[cm]?[jt]s$/.test(value);
}

export function composeRules(loaded: LoadedConfig, args: RuleArguments, cwd: string): RuleSet {
  const fromConfig = (loaded.config.plugins ?? []).map((plugin) => path.resolve(loaded.root, plugin));
  const fromArguments = args.transforms.filter(isModulePath).map((file) => path.resolve(cwd, file));
  const available = unique([BUILT_IN_TRANSFORMS, ...fromConfig, ...fromArguments].flatMap(load));
  const ids = available.map((t) => t.id);
  checkRuleIds(loaded, ids);
  const rules = loaded.config.rules ?? {};

  const named = args.transforms.filter((value) => !isModulePath(value));
  const unknown = named.filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new ConfigError(`unknown transform: ${unknown.join(', ')} (known: ${ids.join(', ')})`);
  const chosenModules = new Set(fromArguments);
  const selected =
    args.transforms.length === 0
      ? available.filter((t) => rules[t.id] === undefined || ruleLevel(rules[t.id]) !== 'off')
      : available.filter((t) => named.includes(t.id) || chosenModules.has(transformModuleOf(t)!));

  const given: Record<string, Record<string, unknown>> = {};
  for (const [id, setting] of Object.entries(rules)) {
    const options = ruleOptionsOf(setting);
    if (options) given[id] = { ...options };
  }
  for (const option of args.ruleOptions) {
    const { rule, name, value } = parseRuleOption(option, ids);
    given[rule] = { ...given[rule], [name]: value };
  }
  const ruleOptions: Record<string, RuleOptions> = {};
  for (const transform of selected) {
    try {
      ruleOptions[transform.id] = resolveRuleOptions(transform, given[transform.id]);
    } catch (error) {
      if (error instanceof RuleOptionsError) throw new ConfigError(`${loaded.file && ruleOptionsOf(rules[transform.id]) ? `${loaded.file}: ` : ''}${error.message}`);
      throw error;
    }
  }
  const severities: Record<string, Severity> = {};
  for (const [id, setting] of Object.entries(rules)) {
    const level = ruleLevel(setting);
    if (level !== 'off') severities[id] = level;
  }
  return { available, selected, severities, ruleOptions };
}

function load(file: string): readonly Transform[] {
  try {
    return loadTransformModule(file);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** Two modules may not both define one rule id: a finding would not say whose it is. */
function unique(transforms: readonly Transform[]): Transform[] {
  const byId = new Map<string, Transform>();
  for (const transform of transforms) {
    const other = byId.get(transform.id);
    if (other && other !== transform) {
      throw new ConfigError(`transform "${transform.id}" is defined twice: in ${transformModuleOf(other)} and in ${transformModuleOf(transform)}`);
    }
    byId.set(transform.id, transform);
  }
  return [...byId.values()];
}

function parseRuleOption(option: string, ids: readonly string[]): { rule: string; name: string; value: unknown } {
  const match = /^([^:=]+):([^=]+)=(.*)$/s.exec(option);
  if (!match) throw new ConfigError(`--rule-option takes rule:name=value, e.g. checkpoint-config:checkpointUsageAlways=fix (got "${option}")`);
  const [, rule, name, raw] = match;
  if (!ids.includes(rule)) throw new ConfigError(`--rule-option: unknown rule "${rule}"`);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // A bare word is a string.
  }
  return { rule, name, value };
}
