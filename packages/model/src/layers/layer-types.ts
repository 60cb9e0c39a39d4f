import type { layers } from '@tensorflow/tfjs-layers';

/** The constructor arguments every tfjs layer takes (`name`, `trainable`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** The keyword arguments tfjs passes to `call()`; `training` switches dropout on. */
export type Kwargs = Parameters<layers.Layer['call']>[1];

/** GPT-2's initialisation: N(0, 0.02) for weights (Radford et al. 2019, HF `initializer_range`). */
export const INITIALIZER_STDDEV = 0.02;

