import * as tf from '@tensorflow/tfjs-core';

/**
 * `a · b` (or `a · bᵀ`) over matching leading (batch) axes, e.g. per-head attention scores.
 *
 * One batched op on every backend. On WASM, tfjs 4.22's own batched matMul runs 3–4× slower than
 * the same products as separate 2-D matMuls (`[12, 512, 64] · [12, 64, 512]`: 2.3 GFLOP/s batched,
 * 6.8 as 12 products), so this package's WASM `BatchMatMul` kernel (`backends/wasm-batch-matmul.ts`)
 * splits the batch into 2-D products itself: inside one kernel, so the engine and the gradient
 * tape see one op instead of a slice, a reshape and a product per head.
 */
export function batchedMatMul(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
  return tf.matMul(a, b, false, transposeB);
}
