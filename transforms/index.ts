import type { Transform } from '../src/engine/transform';
import { containerRestartUnit } from './container-restart-unit';
import { wrapLoopInSequence } from './wrap-loop-in-sequence';

/** Every transform and check, in the order they run. */
export const transforms: readonly Transform[] = [wrapLoopInSequence, containerRestartUnit];
