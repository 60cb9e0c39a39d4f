import * as tf from '@tensorflow/tfjs-core';

/**
 * `[batch, time, 3·dModel]` projections → queries, keys and values `[batch, heads, time, headSize]`.
 * Sliced rather than `tf.split` (WASM's SplitV copies all of `qkv` once per part); with one
 * position (a decoding step) the head transposes move no data, so they are plain reshapes.
 */
export function splitHeads(qkv: tf.Tensor, heads: number): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [batch = 0, time = 0, width = 0] = qkv.shape;
  const dModel = width / 3;
  const headSize = dModel / heads;
  const part = (index: number): tf.Tensor => {
    const slice = tf.slice(qkv, [0, 0, index * dModel], [-1, -1, dModel]);
    return time === 1
      ? tf.reshape(slice, [batch, heads, 1, headSize])
      : tf.transpose(tf.reshape(slice, [batch, time, heads, headSize]), [0, 2, 1, 3]);
  };
  return [part(0), part(1), part(2)];
}

/** `[batch, heads, time, headSize]` → `[batch, time, heads·headSize]`, the inverse of {@link splitHeads}. */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [batch = 0, heads = 0, time = 0, headSize = 0] = x.shape;
  return tf.reshape(time === 1 ? x : tf.transpose(x, [0, 2, 1, 3]), [batch, time, heads * headSize]);
}
