import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RestartUnitScope } from '../model/restart-units';
import type { Severity } from '../engine/transform';

export const CONFIG_FILE_NAME = 'dtsx-codemod.config.json';
export const DEFAULT_SUPPRESSIONS_FILE = 'dtsx-codemod-suppressions.json';

export type RuleLevel = 'off' | Severity;
/** As in ESLint: a level, or a level and the rule's own options (`["warning", { "checkpointUsageAlways": "fix" }]`). */
export type RuleSetting = RuleLevel | readonly [RuleLevel, Readonly<Record<string, unknown>>];

/** `dtsx-codemod.config.json`, as written in the repository. */
export interface ConfigFile {
  /** Per rule id: `off`, the severity its findings get, or that and its options. Rules not named keep their defaults. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Modules of user transforms (paths relative to the config file's folder), run beside the built-in ones. */
  readonly plugins?: readonly string[];
  /** Settings every rule and the restart simulation share. */
  readonly options?: {
    readonly assumeCheckpoints?: boolean;
    readonly restartUnits?: RestartUnitScope;
  };
  /** Paths not to process, in .gitignore syntax, relative to the config file's folder. */
  readonly exclude?: readonly string[];
  /** The suppression file, relative to the config file's folder. */
  readonly suppressions?: string;
}

export interface LoadedConfig {
  readonly file: string | undefined;
  /** The folder that exclude patterns and the suppression file are relative to. */
  readonly root: string;
  readonly config: ConfigFile;
}

export class ConfigError extends Error {}

/** A rule's level as configured. */
export function ruleLevel(setting: RuleSetting): RuleLevel {
  return typeof setting === 'string' ? setting : setting[0];
}

/** The options a rule setting gives, if any. */
export function ruleOptionsOf(setting: RuleSetting | undefined): Readonly<Record<string, unknown>> | undefined {
  return typeof setting === 'object' ? setting[1] : undefined;
}

/** Every rule the config names must exist, once the plugins are loaded and the rules known. */
export function checkRuleIds(loaded: LoadedConfig, knownRules: readonly string[]): void {
  for (const id of Object.keys(loaded.config.rules ?? {})) {
    if (!knownRules.includes(id)) throw new ConfigError(`${loaded.file}: unknown rule "${id}" (known: ${knownRules.join(', ')})`);
  }
}

/** The config file named by `--config`, or the nearest one walking up from `cwd`, or none. */
export function loadConfig(cwd: string, explicit: string | undefined): LoadedConfig {
  const file = explicit === undefined ? findUp(cwd) : path.resolve(cwd, explicit);
  if (file === undefined) return { file: undefined, root: cwd, config: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return { file, root: path.dirname(file), config: validate(raw, file) };
}

function findUp(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const RULE_SETTINGS = ['off', 'error', 'warning', 'info'];

function validate(raw: unknown, file: string): ConfigFile {
  const fail = (message: string): never => {
    throw new ConfigError(`${file}: ${message}`);
  };
  if (!isObject(raw)) return fail('expected a JSON object');
  unknownKeys(raw, ['$schema', 'rules', 'plugins', 'options', 'exclude', 'suppressions'], '', fail);
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) fail('"rules" must be an object of rule id to "off", "error", "warning" or "info"');
    for (const [id, setting] of Object.entries(raw.rules as object)) {
      const level = Array.isArray(setting) ? setting[0] : setting;
      if (!RULE_SETTINGS.includes(level as string)) fail(`rule "${id}": expected one of ${RULE_SETTINGS.join(', ')}, or [level, { options }]`);
      if (Array.isArray(setting) && (setting.length !== 2 || !isObject(setting[1]))) fail(`rule "${id}": expected [level, { options }]`);
    }
  }
  if (raw.plugins !== undefined && !(Array.isArray(raw.plugins) && raw.plugins.every((p) => typeof p === 'string'))) fail('"plugins" must be an array of module paths');
  if (raw.options !== undefined) {
    if (!isObject(raw.options)) fail('"options" must be an object');
    const options = raw.options as Record<string, unknown>;
    if ('checkpointUsageAlways' in options) {
      fail('"options.checkpointUsageAlways" is now an option of its rule: "rules": { "checkpoint-config": ["warning", { "checkpointUsageAlways": "fix" }] }');
    }
    unknownKeys(options, ['assumeCheckpoints', 'restartUnits'], 'options.', fail);
    if (options.assumeCheckpoints !== undefined && typeof options.assumeCheckpoints !== 'boolean') fail('options.assumeCheckpoints must be true or false');
    if (options.restartUnits !== undefined && !['intended', 'all'].includes(options.restartUnits as string)) fail('options.restartUnits must be "intended" or "all"');
  }
  if (raw.exclude !== undefined && !(Array.isArray(raw.exclude) && raw.exclude.every((p) => typeof p === 'string'))) fail('"exclude" must be an array of patterns');
  if (raw.suppressions !== undefined && typeof raw.suppressions !== 'string') fail('"suppressions" must be a path');
  return raw as ConfigFile;
}

function unknownKeys(object: object, known: string[], prefix: string, fail: (message: string) => never): void {
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (unknown.length > 0) fail(`unknown key ${unknown.map((k) => `"${prefix}${k}"`).join(', ')} (known: ${known.join(', ')})`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
