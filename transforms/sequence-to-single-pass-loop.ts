import type { Transform } from '../src/engine/transform';
import { derivedDtsid } from '../src/model/identity';
import { isLoop } from '../src/model/package';
import { restartUnitSequences } from '../src/model/restart-units';

/**
 * SSIS 2005 records a Sequence container as soon as its first child completes, so a restart skips
 * the children that finished and the container is no restart unit. A loop's children are never
 * recorded, so a For Loop that runs exactly once reruns whole: the 2005 workaround.
 */
export const sequenceToSinglePassLoop: Transform = {
  id: 'sequence-to-single-pass-loop',
  summary: 'SSIS 2005 only: turn a Sequence restart unit into a For Loop that runs once, since 2005 Sequences record partial completion.',
  severity: 'warning',
  fixable: true,
  docs: 'docs/rules/sequence-to-single-pass-loop.md',
  requiresCheckpoints: true,
  removes: 'resumed-inside-unit',

  run(pkg, context) {
    if (pkg.formatVersion !== 2) return;
    let dtsids: Set<string> | undefined; // read once a unit needs a loop
    const variableNames = pkg.variables.map((v) => v.qualifiedName.replace(/^User::/, ''));
    for (const unit of restartUnitSequences(pkg, context.settings.restartUnits)) {
      // A wrapper around a loop stays a Sequence: its completion is what checkpoints record (KB 2624458).
      if (unit.children.every(isLoop)) continue;
      // A transacted container already rolls back and reruns whole.
      if (unit.transacted) continue;
      const name = counterName(variableNames);
      variableNames.push(name);
      dtsids ??= new Set(pkg.dialect.dtsids(pkg.doc));
      const dtsid = derivedDtsid(pkg, `${unit.dtsid ?? unit.path}/${name}`, dtsids);
      dtsids.add(dtsid);
      context.report({
        executable: unit,
        message: `Sequence container '${unit.name}' is meant as a restart unit, but SSIS 2005 records its finished children, so a restart resumes inside it; fix: make it a For Loop that runs once (counter User::${name})`,
        edits: pkg.dialect.singlePassLoop(pkg.doc, unit.element, { name, dtsid }),
      });
    }
  },
};

/** `RunOnce`, or `RunOnce2`… when the package already has a variable of that name in any scope (it would shadow it). */
function counterName(taken: readonly string[]): string {
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? 'RunOnce' : `RunOnce${n}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}
