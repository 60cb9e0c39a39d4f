import * as tf from '@tensorflow/tfjs-core';

/** Where one weight's values lie in a shared buffer of every weight (offsets in float32 elements). */
export interface WeightSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/** The weights laid end to end, in the order of `variables`. */
export function weightSlots(variables: ReadonlyMap<string, tf.Variable>): WeightSlot[] {
  let offset = 0;
  return [...variables].map(([name, variable]) => {
    const slot = { name, shape: variable.shape, offset, size: variable.size };
    offset += variable.size;
    return slot;
  });
}

/** Float32 elements of all the slots together. */
export function slotsLength(slots: readonly WeightSlot[]): number {
  const last = slots.at(-1);
  return last === undefined ? 0 : last.offset + last.size;
}

/** Checks that `variables` are the weights `slots` describe, by name, order and shape. */
export function checkSlots(variables: ReadonlyMap<string, tf.Variable>, slots: readonly WeightSlot[]): void {
  const expected = slots.map(({ name, shape }) => `${name} ${JSON.stringify(shape)}`);
  const actual = [...variables].map(([name, variable]) => `${name} ${JSON.stringify(variable.shape)}`);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`replica: weights [${actual.join(', ')}] differ from the main thread's [${expected.join(', ')}]`);
  }
}

/** Copies each slot's tensor (by name) into `buffer`. */
export function writeSlots(
  buffer: Float32Array,
  slots: readonly WeightSlot[],
  tensors: ReadonlyMap<string, tf.Tensor>,
): void {
  for (const { name, offset } of slots) {
    const tensor = tensors.get(name);
    if (tensor === undefined) throw new Error(`shared weights: no tensor for "${name}"`);
    buffer.set(tensor.dataSync(), offset);
  }
}

/** A new tensor holding a copy of `slot`'s values in `buffer` (which another thread overwrites later). */
export function slotTensor(buffer: Float32Array, slot: WeightSlot): tf.Tensor {
  return tf.tensor(buffer.slice(slot.offset, slot.offset + slot.size), [...slot.shape], 'float32');
}
