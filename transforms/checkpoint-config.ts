import type { Edit } from '../src/edit/edit';
import type { Transform } from '../src/engine/transform';

const USAGE_IF_EXISTS = 1;
const USAGE_NEVER = 0;

/**
 * The three package settings that make checkpoints work must agree: `SaveCheckpoints=True` writes
 * the file, `CheckpointFileName` says where, `CheckpointUsage` says whether a run reads it.
 */
export interface CheckpointConfigOptions {
  readonly checkpointUsageAlways: 'report' | 'fix';
}

export const checkpointConfig: Transform<CheckpointConfigOptions> = {
  id: 'checkpoint-config',
  summary: 'Contradictory checkpoint settings: Always fails every first run, a file read but never written, written but never read or nameless.',
  severity: 'warning',
  fixable: true,
  docs: 'docs/rules/checkpoint-config.md',
  requiresCheckpoints: false,
  schema: {
    type: 'object',
    properties: {
      checkpointUsageAlways: {
        description: 'Whether CheckpointUsage=Always is only reported or rewritten to IfExists',
        enum: ['report', 'fix'],
        default: 'report',
      },
    },
  },

  run(pkg, context) {
    const { doc, dialect, root } = pkg;
    const { saveCheckpoints, usage, fileNameSet: named } = pkg.checkpoint;
    const toIfExists = (): Edit[] => dialect.setInteger(doc, root.element, 'CheckpointUsage', USAGE_IF_EXISTS, USAGE_NEVER);

    if (usage === 'Always') {
      const fix = context.options.checkpointUsageAlways === 'fix';
      context.report({
        executable: root,
        message: `CheckpointUsage=Always fails the package whenever no checkpoint file exists: on the first run and after every successful one; ${
          fix ? 'fix' : 'suggestion (option checkpointUsageAlways: "fix")'
        }: CheckpointUsage=IfExists`,
        edits: fix ? toIfExists() : undefined,
      });
    }
    if (!saveCheckpoints && named) {
      if (usage === 'Never') {
        context.report({
          executable: root,
          severity: 'info',
          message: 'CheckpointFileName is set but checkpoints are off (SaveCheckpoints=False, CheckpointUsage=Never); left as it is',
        });
      } else {
        context.report({
          executable: root,
          message: `CheckpointUsage=${usage} reads a checkpoint file that SaveCheckpoints=False never writes, so a failed run cannot be restarted; fix: SaveCheckpoints=True`,
          edits: dialect.setFlag(doc, root.element, 'SaveCheckpoints', true),
        });
      }
    }
    if (saveCheckpoints && !named) {
      context.report({
        executable: root,
        severity: 'error',
        message: 'SaveCheckpoints=True but CheckpointFileName is empty and set by no expression: there is nowhere to write the checkpoint; set a file name (not guessed here)',
      });
    }
    if (saveCheckpoints && named && usage === 'Never') {
      context.report({
        executable: root,
        message: 'SaveCheckpoints=True writes a checkpoint file that CheckpointUsage=Never never reads, so a restart runs from the beginning; fix: CheckpointUsage=IfExists',
        edits: toIfExists(),
      });
    }
  },
};
