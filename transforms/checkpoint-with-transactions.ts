import type { Transform } from '../src/engine/transform';
import { isDisabled } from '../src/model/package';

/** A transacted container rolls back and reruns whole on restart; what it committed elsewhere may repeat. */
export const checkpointWithTransactions: Transform = {
  id: 'checkpoint-with-transactions',
  summary: 'Transactions under checkpoints: a restart reruns the whole transacted container and can repeat committed work.',
  severity: 'warning',
  fixable: false,
  docs: 'docs/rules/checkpoint-with-transactions.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    for (const executable of pkg.executables) {
      if (!executable.transacted || isDisabled(executable)) continue;
      const what = executable.kind === 'package' ? 'The package' : `'${executable.name}'`;
      context.report({
        executable,
        message: `${what} starts a transaction (TransactionOption=Required): after a failure it rolls back and a restart reruns it whole, but work outside the transaction (files, other connections, committed inner steps) is done again; make it the restart unit and keep those steps safe to repeat`,
      });
    }
  },
};
