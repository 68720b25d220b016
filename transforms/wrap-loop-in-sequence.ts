import type { Edit } from '../src/edit/edit';
import type { Transform, TransformContext } from '../src/engine/transform';
import { availableName, derivedDtsid } from '../src/model/identity';
import { hasAncestor, isDisabled, isLoop, type Executable, type PackageModel } from '../src/model/package';
import { wrapInSequence } from '../src/model/wrap-in-sequence';

/**
 * KB 2624458: checkpoint files never record For Loop and Foreach Loop containers, so a restart
 * reruns a finished loop and a later failure restarts at the loop. A Sequence container's
 * completion is recorded, so every loop becomes the only child of a Sequence restart unit.
 */
export const wrapLoopInSequence: Transform = {
  id: 'wrap-loop-in-sequence',
  summary: 'Wrap each For/Foreach Loop in a Sequence container, whose completion checkpoints record (KB 2624458).',
  severity: 'error',
  fixable: true,
  docs: 'docs/rules/wrap-loop-in-sequence.md',
  requiresCheckpoints: true,
  removes: 'finished-rerun',

  run(pkg, context) {
    // Read only once a loop needs a wrapper: most packages have none to wrap, and reading them all is a pass over the package.
    let dtsids: Set<string> | undefined;
    const namesChosen = new Map<Executable, string[]>();
    for (const loop of pkg.executables.filter(isLoop)) {
      if (hasAncestor(loop, isLoop)) continue; // the outer loop reruns it whole anyway
      const parent = loop.parent!;
      if (isDisabled(loop)) {
        context.report({ executable: loop, severity: 'info', message: `${describe(loop)} is disabled${loop.disabled ? '' : ' (inside a disabled container)'}; left as it is` });
      } else if (parent.kind === 'sequence' && parent.children.length === 1) {
        completeWrapper(pkg, loop, parent, context);
      } else {
        const taken = [...parent.children.map((c) => c.name), ...(namesChosen.get(parent) ?? [])];
        const name = availableName(`SEQ ${loop.name}`, taken);
        namesChosen.set(parent, [...(namesChosen.get(parent) ?? []), name]);
        dtsids ??= new Set(pkg.dialect.dtsids(pkg.doc));
        const dtsid = derivedDtsid(pkg, loop.dtsid ?? loop.path, dtsids);
        dtsids.add(dtsid);
        const enclosed = insideRestartUnit(parent);
        const edits = wrapInSequence(pkg, loop, { name, dtsid, failPackageOnFailure: !enclosed, failParentOnFailure: enclosed }, loopFails(pkg, loop));
        context.report({
          executable: loop,
          message: `${describe(loop)} is never recorded in the checkpoint file, so a restart reruns it and a later failure restarts at it; fix: wrap it in Sequence container '${name}'`,
          edits,
        });
        const errorBranches = parent.constraints.filter((c) => c.from === loop && c.runsOn !== 'success');
        if (!enclosed && errorBranches.length > 0) {
          context.report({
            executable: loop,
            severity: 'warning',
            message: `${describe(loop)} starts a Failure or Completion branch ('${errorBranches.map((c) => c.name).join("', '")}'); its wrapper fails the package on failure, which may stop that branch from running: check it`,
          });
        }
        if (pkg.configurations.length > 0) {
          context.report({
            executable: loop,
            severity: 'warning',
            message: `${describe(loop)} moves from '\\${loop.path}' to '\\${parent.path}\\${name}\\${loop.name}': the package's own configurations follow it; update configuration files, SQL Server configuration tables, dtexec /SET paths and catalog overrides that name the old path`,
          });
        }
      }
    }
  },
};

/**
 * A loop that is already the only child of a Sequence container: the container must be the restart
 * point (or fail its parent, inside an enclosing restart unit) and the loop must fail its parent.
 */
function completeWrapper(pkg: PackageModel, loop: Executable, wrapper: Executable, context: TransformContext): void {
  const { doc, dialect } = pkg;
  const enclosed = insideRestartUnit(wrapper.parent!);
  const edits: Edit[] = [
    ...dialect.setFlag(doc, wrapper.element, enclosed ? 'FailParentOnFailure' : 'FailPackageOnFailure', true),
    ...(enclosed ? dialect.setFlag(doc, wrapper.element, 'FailPackageOnFailure', false) : []),
    ...loopFails(pkg, loop),
  ];
  if (edits.length === 0) return;
  context.report({
    executable: loop,
    message: `${describe(loop)} is wrapped in Sequence container '${wrapper.name}', but the two are not one restart unit; fix: ${
      enclosed ? 'FailParentOnFailure on both' : 'FailPackageOnFailure on the container, FailParentOnFailure (only) on the loop'
    }`,
    edits,
  });
}

/** Inside its wrapper a loop fails its parent and is no restart point: it is never recorded, so it cannot be one. */
function loopFails({ doc, dialect }: PackageModel, loop: Executable): Edit[] {
  return [...dialect.setFlag(doc, loop.element, 'FailParentOnFailure', true), ...dialect.setFlag(doc, loop.element, 'FailPackageOnFailure', false)];
}

function describe(loop: Executable): string {
  return `${loop.kind === 'for-loop' ? 'For Loop' : 'Foreach Loop'} '${loop.name}'`;
}

/**
 * Whether a Sequence restart point encloses `container` (itself included): then that Sequence is
 * the restart unit (as `container-restart-unit` makes it), and a wrapper inside fails its parent
 * instead of being a restart point of its own.
 */
function insideRestartUnit(container: Executable): boolean {
  for (let up: Executable | undefined = container; up?.kind === 'sequence'; up = up.parent) if (up.failPackageOnFailure) return true;
  return false;
}
