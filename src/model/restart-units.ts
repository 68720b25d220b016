import { hasAncestor, isContainer, isLoop, type Executable, type PackageModel } from './package';

/** Which Sequence containers should be restart units: those half configured as one, or every outermost one. */
export type RestartUnitScope = 'intended' | 'all';

/**
 * The Sequence containers that are, or are meant to be, restart units: a Sequence that is a
 * restart point or holds an executable that fails its parent (`intended`), or every outermost
 * Sequence (`all`). Sequences inside a unit, inside a loop or disabled are not units of their own.
 */
export function restartUnitSequences(pkg: PackageModel, scope: RestartUnitScope): Executable[] {
  const units: Executable[] = [];
  const pending = [pkg.root];
  while (pending.length > 0) {
    const executable = pending.pop()!;
    if (isLoop(executable) || executable.disabled) continue; // a loop reruns whole anyway
    if (executable.kind === 'sequence' && isMeantAsUnit(executable, scope)) {
      units.push(executable);
      continue;
    }
    for (let i = executable.eventHandlers.length - 1; i >= 0; i--) pending.push(executable.eventHandlers[i]);
    for (let i = executable.children.length - 1; i >= 0; i--) pending.push(executable.children[i]);
  }
  return units;
}

function isMeantAsUnit(sequence: Executable, scope: RestartUnitScope): boolean {
  if (sequence.children.length === 0) return false;
  if (scope === 'all') return !hasAncestor(sequence, isContainer);
  return sequence.failPackageOnFailure || sequence.children.some((child) => child.failParentOnFailure);
}

/** The executables whose flags decide whether `unit` is atomic; loop bodies rerun whole anyway. */
export function unitMembers(unit: Executable): Executable[] {
  const result: Executable[] = [];
  const pending = [...unit.children].reverse();
  while (pending.length > 0) {
    const member = pending.pop()!;
    result.push(member);
    if (!isLoop(member)) for (let i = member.children.length - 1; i >= 0; i--) pending.push(member.children[i]);
  }
  return result;
}

/** A Sequence that reruns whole: the restart point, with every executable inside failing its parent instead. */
export function isAtomicSequence(sequence: Executable): boolean {
  if (sequence.kind !== 'sequence' || !sequence.failPackageOnFailure) return false;
  return unitMembers(sequence).every((member) => member.failParentOnFailure && !member.failPackageOnFailure);
}

/**
 * What a restart reruns as one piece when `executable` has to run again: the outermost container
 * around it that reruns whole (a loop, a transacted container, an atomic Sequence), or the
 * executable itself. Event handlers are a boundary: they run on behalf of their owner.
 */
export function rerunUnitOf(executable: Executable): Executable {
  let unit = executable;
  for (let up: Executable | undefined = executable; up && up.kind !== 'package' && up.kind !== 'event-handler'; up = up.parent) {
    if (rerunsWhole(up)) unit = up;
  }
  return unit;
}

/** A container a restart reruns from its start: a loop, a transacted container or an atomic Sequence. */
export function rerunsWhole(executable: Executable): boolean {
  return isLoop(executable) || executable.transacted || isAtomicSequence(executable);
}
