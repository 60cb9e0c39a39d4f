import * as tf from '@tensorflow/tfjs-core';

/**
 * Helpers for the sequence axis (axis 2) of `[batch, heads, sequence, …]` tensors. Blockwise
 * attention pads sequences to whole blocks and cuts the padding off again.
 */

/** Zero-pads (`before`, `after` ≥ 0) or crops (negative) the sequence axis. */
export function resizeSequence(x: tf.Tensor, before: number, after: number): tf.Tensor {
  return tf.tidy(() => {
    const length = x.shape[2] ?? 0;
    const start = Math.max(0, -before);
    const end = length - Math.max(0, -after);
    let y = start === 0 && end === length ? x : sliceSequence(x, start, end - start);
    if (before > 0 || after > 0) {
      const padding = x.shape.map((): [number, number] => [0, 0]);
      padding[2] = [Math.max(0, before), Math.max(0, after)];
      y = tf.pad(y, padding);
    }
    return y;
  });
}

/** `x[:, :, start : start + length]`. */
export function sliceSequence(x: tf.Tensor, start: number, length: number): tf.Tensor {
  const begin = x.shape.map(() => 0);
  begin[2] = start;
  const size = x.shape.map(() => -1);
  size[2] = length;
  return tf.slice(x, begin, size);
}

/** `[b, h, blocks · size, …rest]` ↔ `[b, h, blocks, size, …rest]`. */
export function splitBlocks(x: tf.Tensor, size: number): tf.Tensor {
  const [batch = 0, heads = 0, length = 0, ...rest] = x.shape;
  return tf.reshape(x, [batch, heads, length / size, size, ...rest]);
}

export function mergeBlocks(x: tf.Tensor): tf.Tensor {
  const [batch = 0, heads = 0, blocks = 0, size = 0, ...rest] = x.shape;
  return tf.reshape(x, [batch, heads, blocks * size, ...rest]);
}
