import type { Transform } from '../src/engine/transform';
import { hasAncestor, isLoop, type Executable } from '../src/model/package';
import { isAtomicSequence } from '../src/model/restart-units';
import { simulateAll, simulationOptionsFor, type Anomaly } from '../src/restart/simulate';

/**
 * What the restart simulator sees that no other rule names: the catalogue's other rules look for
 * patterns; this one runs every single-failure scenario (src/restart) and reports the anomalies
 * none of those patterns covers, so no restart problem the model sees goes unreported.
 */
export const restartAnomaly: Transform = {
  id: 'restart-anomaly',
  summary: 'The restart simulation finds a restart problem no other rule names (e.g. a container that tolerates an error is recorded, and the restart skips what failed).',
  severity: 'warning',
  fixable: false,
  docs: 'docs/rules/restart-anomaly.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    const reported = new Set<string>();
    for (const explanation of simulateAll(pkg, simulationOptionsFor(pkg, context.settings.restartUnits))) {
      for (const anomaly of explanation.anomalies) {
        if (namedElsewhere(anomaly)) continue;
        const [first] = anomaly.executables;
        const key = `${anomaly.kind}:${first.path}`;
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({ executable: first, message: `the restart simulation: when '${explanation.scenario.failAt.name}' fails, ${describe(anomaly)}${anomaly.uncertain ? ' (in some orders or readings)' : ''}; no other rule covers this` });
      }
    }
  },
};

/** Whether another rule of the catalogue already reports what this anomaly comes from. */
function namedElsewhere(anomaly: Anomaly): boolean {
  const inLoop = (e: Executable) => isLoop(e) || hasAncestor(e, isLoop);
  switch (anomaly.kind) {
    case 'finished-rerun':
      return anomaly.executables.some(inLoop); // wrap-loop-in-sequence
    case 'resumed-inside-unit':
      return !isAtomicSequence(anomaly.executables[0]); // container-restart-unit, sequence-to-single-pass-loop
    case 'object-variable-lost':
      return true; // object-variable-across-restart
    case 'handler-skipped':
      return true; // event-handler-tasks-checkpointed
    case 'unfinished-skipped':
      return false;
  }
}

function describe(anomaly: Anomaly): string {
  const names = anomaly.executables.map((e) => `'${e.name}'`).join(', ');
  switch (anomaly.kind) {
    case 'unfinished-skipped':
      return `the restart skips ${names}, which did not finish: a container around it completed anyway (MaxErrorCount or ForceExecutionResult) and was recorded`;
    case 'finished-rerun':
      return `the restart runs ${names} again although they finished`;
    case 'resumed-inside-unit':
      return `the restart resumes inside '${anomaly.executables[0].name}', skipping ${anomaly.executables.length - 1} of its finished executables, although its flags make it a restart unit`;
    case 'object-variable-lost':
      return `${names} reads an Object variable that the restart leaves empty`;
    case 'handler-skipped':
      return `the restart skips '${anomaly.executables[0].name}' of an event handler, as recorded, when its event fires again`;
  }
}
