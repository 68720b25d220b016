import type { Transform } from '../src/engine/transform';
import { containerRestartUnit } from './container-restart-unit';

/** Every transform and check, in the order they run. */
export const transforms: readonly Transform[] = [containerRestartUnit];
