import type { Transform } from '../src/engine/transform';
import { isDisabled } from '../src/model/package';

const RESULTS = ['Success', 'Failure', 'Completion'];

/** ForceExecutionResult is how checkpoints are tested; left in, it fakes a result on every run. */
export const forceExecutionResultSet: Transform = {
  id: 'force-execution-result-set',
  summary: 'ForceExecutionResult is set (often left over from testing checkpoints): the executable reports a fixed result.',
  severity: 'error',
  fixable: false,
  docs: 'docs/rules/force-execution-result-set.md',
  requiresCheckpoints: false,

  run(pkg, context) {
    for (const executable of pkg.executables) {
      const raw = pkg.dialect.property(executable.element, 'ForceExecutionResult')?.trim();
      if (raw === undefined || raw === '' || raw === '-1' || isDisabled(executable)) continue;
      const result = RESULTS[Number(raw)] ?? raw;
      context.report({
        executable,
        message: `'${executable.name}' has ForceExecutionResult=${result}: it reports ${result} whatever happens${
          result === 'Failure' ? ', so every run fails here and restarts here' : ''
        }; remove it unless this is a test build`,
      });
    }
  },
};
