import type { Transform } from '../src/engine/transform';
import { isDisabled } from '../src/model/package';

/** Event handler executables are recorded in checkpoint files like any other, out of step with the events. */
export const eventHandlerTasksCheckpointed: Transform = {
  id: 'event-handler-tasks-checkpointed',
  summary: 'Checkpoints record tasks in event handlers too: after a restart a handler may be skipped or run out of step.',
  severity: 'warning',
  fixable: false,
  docs: 'docs/rules/event-handler-tasks-checkpointed.md',
  requiresCheckpoints: true,

  run(pkg, context) {
    for (const handler of pkg.executables) {
      if (handler.kind !== 'event-handler' || isDisabled(handler)) continue;
      const tasks = handler.children.filter((child) => !child.disabled);
      if (tasks.length === 0) continue;
      const owner = handler.parent!;
      context.report({
        executable: handler,
        message: `${handler.name} handler of '${owner.name}' runs ${tasks.length} executable${tasks.length === 1 ? '' : 's'} that checkpoint files record like any other: after a restart a handler that already ran can be skipped when its event fires again${
          owner.kind === 'package' && handler.name === 'OnPreExecute' ? ', and it does not fire for the executables the restart skips' : ''
        }`,
      });
    }
  },
};
