import type { Transform } from '../src/engine/transform';
import { descendantsOf, isDisabled } from '../src/model/package';

/** Task types whose work is usually not safe to repeat: they change data or files. */
const SIDE_EFFECT_TASK = /ExecuteSQLTask|Pipeline|FileSystemTask|FtpTask|BulkInsertTask|ExecutePackageTask/i;

/** A Foreach Loop restarts at its first item: checkpoints store no enumerator position. */
export const foreachRestartsFromFirstItem: Transform = {
  id: 'foreach-restarts-from-first-item',
  summary: 'A Foreach Loop restarts at its first item; items processed before the failure are processed again.',
  severity: 'info',
  fixable: false,
  docs: 'docs/rules/foreach-restarts-from-first-item.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    for (const loop of pkg.executables) {
      if (loop.kind !== 'foreach-loop' || isDisabled(loop)) continue;
      const changing = descendantsOf(loop).filter((e) => e.kind === 'task' && !isDisabled(e) && SIDE_EFFECT_TASK.test(e.type));
      if (changing.length === 0) continue;
      const names = changing.slice(0, 3).map((e) => `'${e.name}'`).join(', ') + (changing.length > 3 ? `, and ${changing.length - 3} more` : '');
      context.report({
        executable: loop,
        message: `Foreach Loop '${loop.name}' restarts at its first item, so ${names} run again for every item done before the failure; make the body safe to repeat or skip processed items`,
      });
    }
  },
};
