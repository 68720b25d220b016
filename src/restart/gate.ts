import type { Executable, PackageModel } from '../model/package';
import { simulateAll, subjectsOf, type Anomaly, type AnomalyKind, type Explanation, type SimulationOptions } from './simulate';

/** A fix's claim: the anomaly of this kind naming this executable (its package path as given) is gone. */
export interface FixedAnomaly {
  /** The rule whose fix claims it. */
  readonly rule: string;
  readonly executable: string;
  readonly kind: AnomalyKind;
}

/** What the simulation shows for one claimed fix: a scenario with the anomaly before, and the same failure after. */
export interface FixEvidence {
  readonly claim: FixedAnomaly;
  readonly before: Explanation;
  readonly after: Explanation;
}

export interface GateVerdict {
  /** Why the rewrite is refused, each naming its scenario; empty when it may be written. */
  readonly problems: string[];
  /** For each claim with a scenario that shows its anomaly before the fix. */
  readonly evidence: FixEvidence[];
}

/**
 * The fix gate: a rewrite must make restarts no worse in any single-failure scenario, and better
 * where it claims a fix. Every scenario of the package as given is simulated before and after,
 * matched by the failing executable (its DTSID, else its path), and:
 * - no scenario may gain an anomaly that names an executable of the original package (what the
 *   fix itself created, such as a wrapper, is judged through the original executables it holds);
 * - an anomaly that names an executable a fix reported on must be gone.
 */
export function judgeRewrite(before: PackageModel, after: PackageModel, claims: readonly FixedAnomaly[], options: SimulationOptions): GateVerdict {
  const beforeScenarios = simulateAll(before, options);
  const afterByFailure = new Map(simulateAll(after, options).map((e) => [identity(e.scenario.failAt), e]));
  const byPath = new Map(before.executables.map((e) => [e.path, e]));
  const claimOf = new Map<string, FixedAnomaly>(claims.flatMap((c) => (byPath.has(c.executable) ? [[`${c.kind}:${identity(byPath.get(c.executable)!)}`, c] as [string, FixedAnomaly]] : [])));
  const original = new Set(before.executables.map(identity));
  const problems: string[] = [];
  const evidence = new Map<FixedAnomaly, FixEvidence>();
  for (const was of beforeScenarios) {
    const now = afterByFailure.get(identity(was.scenario.failAt));
    if (!now) continue;
    const known = new Set(was.anomalies.flatMap((a) => keys(a)));
    for (const anomaly of now.anomalies) {
      const added = keys(anomaly).filter((key) => !known.has(key) && original.has(key.slice(key.indexOf(':') + 1)));
      if (added.length > 0) problems.push(`a failure in '${was.scenario.failAt.path}' would newly ${describe(anomaly)}`);
    }
    const remaining = new Set(now.anomalies.flatMap((a) => keys(a)));
    for (const anomaly of was.anomalies) {
      for (const key of keys(anomaly)) {
        const claim = claimOf.get(key);
        if (!claim) continue;
        if (remaining.has(key)) problems.push(`a failure in '${was.scenario.failAt.path}' still would ${describe(anomaly)}`);
        else if (!evidence.has(claim)) evidence.set(claim, { claim, before: was, after: now });
      }
    }
  }
  return { problems: [...new Set(problems)], evidence: [...evidence.values()] };
}

/** The scenarios of a package that show an anomaly, for the totals the corpus sweep prints. */
export function anomalyCounts(explanations: readonly Explanation[]): Record<Anomaly['kind'], number> {
  const counts = { 'finished-rerun': 0, 'resumed-inside-unit': 0, 'unfinished-skipped': 0, 'object-variable-lost': 0, 'handler-skipped': 0 };
  for (const explanation of explanations) for (const anomaly of explanation.anomalies) counts[anomaly.kind]++;
  return counts;
}

function identity(executable: Executable): string {
  return executable.dtsid ?? executable.path;
}

function keys(anomaly: Anomaly): string[] {
  return subjectsOf(anomaly).map((e) => `${anomaly.kind}:${identity(e)}`);
}

const VERBS: Record<Anomaly['kind'], string> = {
  'finished-rerun': 'rerun finished work',
  'resumed-inside-unit': 'resume inside restart unit',
  'unfinished-skipped': 'skip unfinished work',
  'object-variable-lost': 'lose Object variable contents for',
  'handler-skipped': 'skip, as recorded, the event handler work of',
};

function describe(anomaly: Anomaly): string {
  return `${VERBS[anomaly.kind]} ${anomaly.executables.map((e) => `'${e.path}'`).join(', ')}`;
}
