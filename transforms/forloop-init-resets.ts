import type { Transform } from '../src/engine/transform';
import { isDisabled } from '../src/model/package';

/** A For Loop evaluates InitExpression again on restart, whatever counter value the checkpoint saved. */
export const forloopInitResets: Transform = {
  id: 'forloop-init-resets',
  summary: 'A For Loop runs its InitExpression again on restart: its counter starts over though the checkpoint saved it.',
  severity: 'info',
  fixable: false,
  docs: 'docs/rules/forloop-init-resets.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    for (const loop of pkg.executables) {
      if (loop.kind !== 'for-loop' || isDisabled(loop)) continue;
      const init = pkg.dialect.property(loop.element, 'InitExpression')?.trim();
      if (!init) continue;
      context.report({
        executable: loop,
        message: `For Loop '${loop.name}' evaluates InitExpression '${init}' again on restart, so it starts from its first iteration even though the checkpoint saved the counter`,
      });
    }
  },
};
