import type { Edit } from '../src/edit/edit';
import type { Transform } from '../src/engine/transform';
import { isLoop, type Executable, type PackageModel } from '../src/model/package';

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

  run(pkg, context) {
    const visit = (executable: Executable) => {
      if (isLoop(executable) || executable.disabled) return; // a loop reruns whole anyway
      if (executable.kind === 'sequence' && isCandidate(executable, context.options.restartUnits)) {
        const inside = members(executable);
        const edits = restartUnitEdits(pkg, executable, inside);
        if (edits.length > 0) context.report({ executable, message: describe(executable, inside), edits });
        return; // nested Sequences are part of this unit
      }
      executable.children.forEach(visit);
      executable.eventHandlers.forEach(visit);
    };
    visit(pkg.root);
  },
};

function isCandidate(sequence: Executable, scope: 'intended' | 'all'): boolean {
  if (sequence.children.length === 0) return false;
  if (scope === 'all') return !hasContainerAncestor(sequence);
  return sequence.failPackageOnFailure || sequence.children.some((child) => child.failParentOnFailure);
}

function hasContainerAncestor(executable: Executable): boolean {
  for (let up = executable.parent; up; up = up.parent) {
    if (up.kind === 'sequence' || isLoop(up)) return true;
  }
  return false;
}

/** The executables whose flags decide whether `unit` is atomic; loop bodies rerun whole anyway. */
function members(unit: Executable): Executable[] {
  const result: Executable[] = [];
  const collect = (executable: Executable) => {
    for (const child of executable.children) {
      result.push(child);
      if (!isLoop(child)) collect(child);
    }
  };
  collect(unit);
  return result;
}

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
