import type { Transform } from '../src/engine/transform';
import { closestAncestor, isDisabled, isLoop } from '../src/model/package';

/** A restart point inside a loop is none: checkpoints record nothing inside loops, so the loop reruns whole. */
export const restartPointInsideLoop: Transform = {
  id: 'restart-point-inside-loop',
  summary: 'FailPackageOnFailure=True inside a loop makes no restart point: the loop reruns whole.',
  severity: 'info',
  fixable: false,
  docs: 'docs/rules/restart-point-inside-loop.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    for (const executable of pkg.executables) {
      if (!executable.failPackageOnFailure || isDisabled(executable)) continue;
      const loop = closestAncestor(executable, isLoop);
      if (!loop) continue;
      context.report({
        executable,
        message: `'${executable.name}' is a restart point (FailPackageOnFailure=True) inside loop '${loop.name}', whose children checkpoints never record, so a restart reruns the whole loop; make the loop's container the restart point and let '${executable.name}' fail its parent`,
      });
    }
  },
};
