import type { Transform } from '../src/engine/transform';
import { checkpointConfig } from './checkpoint-config';
import { checkpointWithTransactions } from './checkpoint-with-transactions';
import { containerRestartUnit } from './container-restart-unit';
import { eventHandlerTasksCheckpointed } from './event-handler-tasks-checkpointed';
import { forceExecutionResultSet } from './force-execution-result-set';
import { foreachRestartsFromFirstItem } from './foreach-restarts-from-first-item';
import { forloopInitResets } from './forloop-init-resets';
import { objectVariableAcrossRestart } from './object-variable-across-restart';
import { parallelBranchesUnderCheckpoint } from './parallel-branches-under-checkpoint';
import { restartAnomaly } from './restart-anomaly';
import { restartPointInsideLoop } from './restart-point-inside-loop';
import { sequenceToSinglePassLoop } from './sequence-to-single-pass-loop';
import { wrapLoopInSequence } from './wrap-loop-in-sequence';

/** Every transform and check, in the order they run: the fixes first, then the report-only checks. */
export const transforms: readonly Transform[] = [
  wrapLoopInSequence,
  containerRestartUnit,
  sequenceToSinglePassLoop,
  checkpointConfig,
  objectVariableAcrossRestart,
  restartPointInsideLoop,
  parallelBranchesUnderCheckpoint,
  eventHandlerTasksCheckpointed,
  forceExecutionResultSet,
  checkpointWithTransactions,
  foreachRestartsFromFirstItem,
  forloopInitResets,
  restartAnomaly,
];
