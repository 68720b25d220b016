import type { Edit } from '../src/edit/edit';
import type { Transform } from '../src/engine/transform';
import type { Executable, PackageModel } from '../src/model/package';
import { restartUnitSequences, unitMembers } from '../src/model/restart-units';

/**
 * A container reruns as a whole after a failure only when it is the restart point
 * (`FailPackageOnFailure=True`) and nothing inside it is one: every executable inside fails its
 * parent instead (`FailParentOnFailure=True`) and has no `FailPackageOnFailure` of its own.
 */
export const containerRestartUnit: Transform = {
  id: 'container-restart-unit',
  summary: 'Make a Sequence container meant as a restart unit atomic: FailPackageOnFailure on it, FailParentOnFailure on everything inside.',
  severity: 'warning',
  fixable: true,
  docs: 'docs/rules/container-restart-unit.md',
  requiresCheckpoints: true,
  removes: 'resumed-inside-unit',

  run(pkg, context) {
    for (const unit of restartUnitSequences(pkg, context.settings.restartUnits)) {
      const inside = unitMembers(unit);
      const edits = restartUnitEdits(pkg, unit, inside);
      // SSIS 2005 records a Sequence's children whatever its flags: these make it the restart point, and
      // sequence-to-single-pass-loop completes the fix by making it a loop that runs once.
      const recordsChildren = pkg.formatVersion === 2;
      if (edits.length > 0) context.report({ executable: unit, message: describe(unit, inside), edits, ...(recordsChildren ? { removes: null } : {}) });
    }
  },
};

function restartUnitEdits(pkg: PackageModel, unit: Executable, inside: readonly Executable[]): Edit[] {
  const { doc, dialect } = pkg;
  const edits = [...dialect.setFlag(doc, unit.element, 'FailPackageOnFailure', true)];
  for (const member of inside) {
    edits.push(...dialect.setFlag(doc, member.element, 'FailParentOnFailure', true));
    edits.push(...dialect.setFlag(doc, member.element, 'FailPackageOnFailure', false));
  }
  return edits;
}

function describe(unit: Executable, inside: readonly Executable[]): string {
  const missingParent = inside.filter((m) => !m.failParentOnFailure).length;
  const ownRestartPoints = inside.filter((m) => m.failPackageOnFailure).length;
  const problems = [
    unit.failPackageOnFailure ? undefined : 'the container lacks FailPackageOnFailure=True',
    missingParent ? `${missingParent} of ${inside.length} executables inside lack FailParentOnFailure=True` : undefined,
    ownRestartPoints ? `${ownRestartPoints} inside ${ownRestartPoints === 1 ? 'is a restart point of its own' : 'are restart points of their own'} (FailPackageOnFailure=True)` : undefined,
  ].filter(Boolean);
  return `Sequence container '${unit.name}' is not an atomic restart unit: ${problems.join('; ')}`;
}
