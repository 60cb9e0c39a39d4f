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
  return tf.tidy(() => {
    const [batch = 0, heads = 0, sequence = 0, ...rest] = x.shape;
    const flat = tf.slice(asThreeAxes(x), [0, start, 0], [batch * heads, length, -1]);
    return tf.reshape(flat, [batch, heads, Math.min(length, sequence - start), ...rest]);
  });
}

/** Tensors joined along the sequence axis, e.g. the outputs of consecutive query blocks. */
export function concatSequence(parts: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const [first] = parts;
    if (first === undefined) throw new Error('concatSequence: expected at least one tensor');
    const [batch = 0, heads = 0, , ...rest] = first.shape;
    const total = parts.reduce((sum, part) => sum + (part.shape[2] ?? 0), 0);
    return tf.reshape(tf.concat(parts.map(asThreeAxes), 1), [batch, heads, total, ...rest]);
  });
}

/**
 * `[b, h, sequence, …rest]` → `[b·h, sequence, ∏rest]`. The WASM backend concatenates and slices a
 * 3-D tensor several times faster than the same data as 4-D (0.76 vs 4.6 ms to append one
 * position to a `[1, 12, 512, 64]` cache, measured with tfjs 4.22).
 */
function asThreeAxes(x: tf.Tensor): tf.Tensor {
  const [batch = 0, heads = 0, sequence = 0, ...rest] = x.shape;
  return tf.reshape(x, [batch * heads, sequence, rest.reduce((product, size) => product * size, 1)]);
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
