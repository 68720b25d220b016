import type { Edit } from '../edit/edit';
import type { Executable, PackageModel } from '../model/package';
import type { RestartUnitScope } from '../model/restart-units';
import type { AnomalyKind } from '../restart/simulate';

export type Severity = 'error' | 'warning' | 'info';

/**
 * What every transform and the restart simulation share (ESLint's `settings`); a rule's own
 * options are declared by its `schema` and arrive as `context.options`.
 */
export interface Settings {
  /** Treat every package as checkpoint-enabled. */
  readonly assumeCheckpoints: boolean;
  /** Which Sequence containers are meant as restart units: those half configured, or every outermost one. */
  readonly restartUnits: RestartUnitScope;
}

export interface RunOptions extends Settings {
  /** Each rule's own options by rule id, already checked against its schema (`resolveRuleOptions`); defaults fill in the rest. */
  readonly ruleOptions?: Readonly<Record<string, RuleOptions>>;
  /** Severity per rule id, replacing the rule's own (from the configuration file). */
  readonly severities?: Readonly<Record<string, Severity>>;
  /** Findings a team accepted for this package (the suppression file): neither reported nor fixed. */
  readonly accepted?: readonly AcceptedFinding[];
}

export interface AcceptedFinding {
  readonly rule: string;
  readonly executable: string;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { assumeCheckpoints: false, restartUnits: 'intended' };

/** A rule's options object, as its schema describes it. */
export type RuleOptions = Readonly<Record<string, unknown>>;

/**
 * The JSON Schema of a rule's options object (ESLint's `meta.schema`): `properties`, each with a
 * `default` where it has one and a `description` for its doc page. Checked with Ajv when a user
 * gives options; defaults fill in what they leave out.
 */
export interface OptionsSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, OptionSchema>>;
  readonly additionalProperties?: false;
  readonly required?: readonly string[];
}

export interface OptionSchema {
  readonly description: string;
  readonly default?: unknown;
  readonly [keyword: string]: unknown;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Package path of the executable, e.g. `Package\Load\Foreach Files`. */
  readonly executable: string;
  readonly line: number;
  /** The report came with edits, so the tool's output fixes it. */
  readonly fixable: boolean;
  /** The rule's documentation page, relative to the project root. */
  readonly docs: string;
  /** For a fix: what the restart simulation shows for a failure at `failAt`, before and after it. */
  readonly restart?: { readonly failAt: string; readonly before: RestartSummary; readonly after: RestartSummary };
}

export interface RestartSummary {
  readonly restartAt: string | null;
  readonly anomalies: readonly { readonly kind: string; readonly executables: readonly string[]; readonly uncertain?: boolean }[];
}

export interface Report {
  readonly executable: Executable;
  readonly message: string;
  /** When this report is more or less severe than the transform's usual findings. */
  readonly severity?: Severity;
  /** The fix, if the transform has one: edits over the current text. */
  readonly edits?: readonly Edit[];
  /** Where this fix cannot remove the transform's `removes` anomaly on its own, `null` says so to the fix gate. */
  readonly removes?: null;
}

export interface TransformContext<Options extends object = object> {
  /** This rule's options: what the user gave, checked against its schema, defaults filled in. */
  readonly options: Options;
  readonly settings: Settings;
  report(report: Report): void;
}

/**
 * A transform (fix) or check, in the spirit of an ESLint rule or an OpenRewrite recipe: metadata
 * plus one function from the package model to reports, each with an optional fix.
 */
export interface Transform<Options extends object = object> {
  readonly id: string;
  readonly summary: string;
  readonly severity: Severity;
  /** Whether it rewrites packages (a fix) or only reports (a check). */
  readonly fixable: boolean;
  /** Path of its documentation page, relative to the project root. */
  readonly docs: string;
  /** Runs only on checkpoint-enabled packages (or with --assume-checkpoints). */
  readonly requiresCheckpoints: boolean;
  /**
   * The restart anomaly its fix removes where it reports (the fix gate checks, by simulation, that
   * it is gone for the executables it fixed). Fixes that only correct settings name none.
   */
  readonly removes?: AnomalyKind;
  /** Its options, when it has any. */
  readonly schema?: OptionsSchema;
  run(pkg: PackageModel, context: TransformContext<Options>): void;
}
