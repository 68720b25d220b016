import type { Transform } from '../src/engine/transform';
import { isDisabled } from '../src/model/package';
import { rerunUnitOf } from '../src/model/restart-units';
import { usersOf } from '../src/model/variable-use';

const OBJECT = 13;

/** Object variables are never saved in checkpoint files: after a restart they are empty unless refilled. */
export const objectVariableAcrossRestart: Transform = {
  id: 'object-variable-across-restart',
  summary: 'An Object variable filled in one restart unit and read in another: checkpoints do not save it, so a restart reads it empty.',
  severity: 'error',
  fixable: false,
  docs: 'docs/rules/object-variable-across-restart.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    const users = pkg.executables.filter((e) => e.kind !== 'package' && e.kind !== 'event-handler' && !isDisabled(e));
    for (const variable of pkg.variables) {
      if (variable.dataType !== OBJECT) continue;
      const { writers, readers } = usersOf(pkg, variable, users);
      if (writers.length === 0) continue;
      const writerUnits = new Set(writers.map(rerunUnitOf));
      for (const reader of readers) {
        if (writerUnits.has(rerunUnitOf(reader))) continue;
        context.report({
          executable: reader,
          message: `'${reader.name}' reads Object variable ${variable.qualifiedName}, filled by '${writers[0].name}' in another restart unit; checkpoint files do not save Object variables, so after a restart that skips '${writers[0].name}' it is empty; put both in one restart unit`,
        });
      }
    }
  },
};
