import type { Transform } from '../src/engine/transform';
import { hasAncestor, isContainer, isDisabled, type Executable } from '../src/model/package';
import { unorderedPairs } from '../src/model/precedence';
import { rerunsWhole } from '../src/model/restart-units';

/** Parallel branches under checkpoints: when one fails the others may be done, half done or not started. */
export const parallelBranchesUnderCheckpoint: Transform = {
  id: 'parallel-branches-under-checkpoint',
  summary: 'Executables that can run at the same time under checkpoints: a restart sees other branches done, half done or not started.',
  severity: 'warning',
  fixable: false,
  docs: 'docs/rules/parallel-branches-under-checkpoint.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    if (pkg.dialect.property(pkg.root.element, 'MaxConcurrentExecutables')?.trim() === '1') return;
    for (const scope of pkg.executables) {
      if (!holdsBranches(scope) || isDisabled(scope)) continue;
      const pairs = unorderedPairs(scope);
      if (pairs.length === 0) continue;
      const involved = [...new Set(pairs.flat())];
      const names = involved.slice(0, 4).map((e) => `'${e.name}'`).join(', ') + (involved.length > 4 ? `, and ${involved.length - 4} more` : '');
      context.report({
        executable: scope,
        message: `${involved.length} executables in '${scope.name}' can run at the same time (${names}): when one fails the others may be finished, stopped half-way or not started, and the restart resumes them unevenly; set MaxConcurrentExecutables=1 or make each branch a restart unit`,
      });
    }
  },
};

/** A scope whose children a restart can resume one by one: not a loop or another container that reruns whole, nor inside one. */
function holdsBranches(scope: Executable): boolean {
  if (scope.kind !== 'package' && scope.kind !== 'event-handler' && !isContainer(scope)) return false;
  return !rerunsWhole(scope) && !hasAncestor(scope, rerunsWhole);
}
