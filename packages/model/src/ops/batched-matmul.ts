import * as tf from '@tensorflow/tfjs-core';

/**
 * `a · b` (or `a · bᵀ`) over matching leading (batch) axes, e.g. per-head attention scores.
 *
 * The WASM backend runs a batched matMul 3–4× slower than the same products as separate 2-D
 * matMuls (`[12, 512, 64] · [12, 64, 512]`: 2.3 GFLOP/s batched, 6.8 as 12 products; `· v`:
 * 2.9 vs 10.2, measured with tfjs 4.22 in Node), so on WASM the batch is unrolled. Not for a
 * few query rows (a decoding step), where splitting the batch costs more than it saves; other
 * backends always get one batched op.
 */
/** Below this many rows per product a batched op is faster on WASM (decoding steps, measured). */
const UNROLL_MIN_ROWS = 16;

export function batchedMatMul(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
  const lead = a.shape.slice(0, -2);
  const sameLead = b.rank === a.rank && lead.every((size, axis) => b.shape[axis] === size);
  const [rows = 0, inner = 0] = a.shape.slice(-2);
  if (tf.getBackend() !== 'wasm' || a.rank <= 2 || !sameLead || rows < UNROLL_MIN_ROWS) return tf.matMul(a, b, false, transposeB);
  return tf.tidy(() => {
    const [bRows = 0, bCols = 0] = b.shape.slice(-2);
    const batch = lead.reduce((product, size) => product * size, 1);
    const left = matrices(tf.reshape(a, [batch, rows, inner]));
    const rightBatch = tf.reshape(b, [batch, bRows, bCols]);
    const right = matrices(transposeB ? tf.transpose(rightBatch, [0, 2, 1]) : rightBatch);
    const products = left.map((matrix, i) => tf.matMul(matrix, right[i] ?? matrix));
    return tf.reshape(tf.stack(products), [...lead, rows, transposeB ? bRows : bCols]);
  });
}

/**
 * The matrices of a `[batch, rows, cols]` tensor. Sliced rather than `tf.unstack`ed: WASM's
 * Unpack copies the whole input once per matrix, while `Slice` (with this package's kernel,
 * see `backends/wasm-slice.ts`) copies only the matrix.
 */
function matrices(x: tf.Tensor): tf.Tensor2D[] {
  const [batch = 0, rows = 0, cols = 0] = x.shape;
  return Array.from({ length: batch }, (_, i) => tf.reshape(tf.slice(x, [i, 0, 0], [1, rows, cols]), [rows, cols]));
}
