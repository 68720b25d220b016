import type { Executable } from '../model/package';
import { anomalyRecord, type Anomaly, type Explanation, type Step } from '../restart/simulate';

/**
 * `explain` output: what a restart reruns after each failure. Plain text is what a developer
 * pastes into a review or a ticket; JSON is the stable document for tools.
 */

const WHAT: Record<Anomaly['kind'], string> = {
  'finished-rerun': 'finished work runs again, outside the unit that failed',
  'resumed-inside-unit': 'the restart resumes inside a restart unit meant to rerun whole',
  'unfinished-skipped': 'work that did not finish is skipped',
  'object-variable-lost': 'reads an Object variable whose writer does not run again (Object variables are not saved)',
  'handler-skipped': 'an event handler\'s executable is skipped as recorded when its event fires again (handlers\' tasks are checkpointed too)',
};

const quoted = (executables: readonly Executable[]) => executables.map((e) => `'${e.name}'`).join(', ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per scenario: where the restart begins, what it reruns and skips, and the anomalies. */
export function explainTable(path: string, explanations: readonly Explanation[], scenarios = explanations.length): string {
  const cut = scenarios > explanations.length ? ` of ${scenarios} (cut: the package is too large to simulate every failure within its bound)` : '';
  const lines = [`${path}: ${plural(explanations.length, 'failure scenario')}${cut}`];
  for (const e of explanations) {
    const failAt = `'${e.scenario.failAt.path}' ${e.scenario.kind === 'fails' ? 'fails' : 'is stopped'}`;
    if (e.verdict !== 'restarts') {
      lines.push(`  ${failAt} → no restart: ${e.notes[e.notes.length - 1]}`);
      continue;
    }
    const rerun = e.anomalies.find((a) => a.kind === 'finished-rerun')?.executables ?? [];
    const skipped = e.anomalies.find((a) => a.kind === 'unfinished-skipped')?.executables ?? [];
    lines.push(
      `  ${failAt} → restart begins at ${e.restartAt ? `'${e.restartAt.name}'` : 'nothing (all recorded)'}, ` +
        `reruns ${plural(rerun.length, 'finished executable')}${rerun.length > 0 ? ` (${quoted(rerun)})` : ''}, ` +
        `skips ${skipped.length} unfinished${skipped.length > 0 ? ` (${quoted(skipped)})` : ''}` +
        (e.uncertain.length > 0 ? ` [uncertain: ${e.uncertain.join(', ')}]` : ''),
    );
    for (const anomaly of e.anomalies.filter((a) => a.kind !== 'finished-rerun' && a.kind !== 'unfinished-skipped')) lines.push(`    ${anomalyLine(anomaly)}`);
  }
  return lines.join('\n') + '\n';
}

/** One scenario step by step: the first run, the checkpoint file, the restart, the anomalies. */
export function explainTrace(path: string, e: Explanation): string {
  const iteration = e.scenario.iteration === undefined ? '' : ` on iteration ${e.scenario.iteration}`;
  const lines = [`${path}: '${e.scenario.failAt.path}' ${e.scenario.kind === 'fails' ? 'fails' : 'is stopped while it runs'}${iteration}`, '', 'First run:'];
  lines.push(...steps(e.firstRun));
  if (e.verdict !== 'restarts') {
    lines.push('', ...e.notes.map((n) => `No restart: ${n}.`));
    return lines.join('\n') + '\n';
  }
  const end = e.restartPoint
    ? `fails at restart point '${e.restartPoint.name}' (FailPackageOnFailure)`
    : e.scenario.kind === 'stopped'
      ? 'is stopped: nothing fails, so no restart point rolls back what it recorded'
      : 'fails with no restart point on the way up (FailPackageOnFailure nowhere)';
  lines.push('', `The package ${end}.`);
  lines.push(`The checkpoint file records: ${e.recorded.length > 0 ? quoted(e.recorded) : 'nothing'}.`);
  for (const note of e.notes) lines.push(`Note: ${note}.`);
  lines.push('', `Restart${e.restartAt ? ` (begins at '${e.restartAt.name}')` : ''}:`, ...steps(e.secondRun), '');
  if (e.anomalies.length === 0) lines.push('Anomalies: none: the restart reruns what failed and nothing else.');
  else lines.push('Anomalies:', ...e.anomalies.map((a) => `  ${anomalyLine(a)}`));
  if (e.uncertain.length > 0) lines.push(`Uncertain: this rests on ${e.uncertain.join(', ')} (see docs/explain.md).`);
  if (e.cut) lines.push(`Exploration was cut after ${e.runs} runs; other orders or expression outcomes were not tried.`);
  return lines.join('\n') + '\n';
}

function steps(list: readonly Step[]): string[] {
  const width = list.reduce((w, s) => Math.max(w, s.executable.path.length), 0);
  const context = (s: Step) =>
    [s.iteration === undefined ? '' : `iteration ${s.iteration}`, s.event ? `${s.event.name} of '${s.event.of.name}'` : ''].filter(Boolean).join(', ');
  return list.map((s, i) => `  ${String(i + 1).padStart(3)}. ${s.executable.path.padEnd(width)}  ${s.outcome}${context(s) ? ` (${context(s)})` : ''}`);
}

function anomalyLine(anomaly: Anomaly): string {
  return `${anomaly.kind}${anomaly.uncertain ? ' (uncertain)' : ''}: ${quoted(anomaly.executables)}: ${WHAT[anomaly.kind]}`;
}

/** The `explain --format json` record of one package. */
export function explainJson(path: string, explanations: readonly Explanation[]) {
  const step = (s: Step) => ({
    executable: s.executable.path,
    outcome: s.outcome,
    ...(s.event ? { event: s.event.name, of: s.event.of.path } : {}),
    ...(s.iteration === undefined ? {} : { iteration: s.iteration }),
  });
  return {
    path,
    scenarios: explanations.map((e) => ({
      failAt: e.scenario.failAt.path,
      kind: e.scenario.kind,
      ...(e.scenario.iteration === undefined ? {} : { iteration: e.scenario.iteration }),
      verdict: e.verdict,
      restartAt: e.restartAt?.path ?? null,
      restartPoint: e.restartPoint?.path ?? null,
      firstRun: e.firstRun.map(step),
      recorded: e.recorded.map((r) => r.path),
      secondRun: e.secondRun.map(step),
      anomalies: e.anomalies.map(anomalyRecord),
      ...(e.uncertain.length > 0 ? { uncertain: e.uncertain } : {}),
      ...(e.cut ? { cut: true } : {}),
      ...(e.notes.length > 0 ? { notes: e.notes } : {}),
    })),
  };
}
