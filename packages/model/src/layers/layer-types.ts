import type { layers } from '@tensorflow/tfjs-layers';

/** The constructor arguments every tfjs layer takes (`name`, `trainable`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** The keyword arguments tfjs passes to `call()`; `training` switches dropout on. */
export type Kwargs = Parameters<layers.Layer['call']>[1];

/** GPT-2's initialisation: N(0, 0.02) for weights (Radford et al. 2019, HF `initializer_range`). */
export const INITIALIZER_STDDEV = 0.02;

/**
 * A string option read back from a saved LayersModel. tfjs-layers camel-cases every string value
 * of a layer config on load (`gelu_new` → `geluNew`), so such values are matched against the
 * allowed ones with underscores ignored.
 */
export function restoreOption<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const plain = (text: string): string => text.replace(/_/g, '').toLowerCase();
  const match = allowed.find((option) => plain(option) === plain(value));
  if (match === undefined)
    throw new RangeError(`${field} = ${JSON.stringify(value)} is invalid: expected one of ${allowed.join(', ')}`);
  return match;
}
