import * as tf from '@tensorflow/tfjs-core';
import { decodingProductFor } from './decoding-products.js';
import { asLeftOperand, inferenceMatMul, likeLeftOperand } from './inference-matmul.js';

/**
 * `x · kernel + bias` over the last axis of `x`, for a kernel stored `[in, out]` (the layout of
 * GPT-2's Conv1D and of tfjs Dense). Leading axes are folded into one so a single 2-D matMul runs.
 * For `inference` (never under a gradient tape), a decoding product set for `kernel` and `bias`
 * (see `setDecodingProduct`) computes it when it takes that many rows, else the fused product
 * kernel runs on rank-3 operands without the Reshapes `tf.fused.matMul` adds.
 */
export function affine(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor, inference = false): tf.Tensor {
  return tf.tidy(() => {
    const [inSize = 0, outSize = 0] = kernel.shape;
    if (inference) {
      const rowCount = x.size / inSize;
      const decoding = decodingProductFor(kernel, bias, rowCount);
      if (decoding !== undefined) return decoding.multiply(x);
      const product = inferenceMatMul(asLeftOperand(x, inSize), tf.reshape(kernel, [1, inSize, outSize]), bias);
      return likeLeftOperand(product, x);
    }
    // One FusedMatMul kernel adds the bias inside the product (XNNPACK on WASM) instead of a
    // second pass over the output; its gradient is the same as the separate ops'.
    const rows = tf.reshape<tf.Rank.R2>(x, [-1, inSize]);
    const projected = tf.fused.matMul({ a: rows, b: kernel, ...(bias === undefined ? {} : { bias }) });
    return tf.reshape(projected, [...x.shape.slice(0, -1), outSize]);
  });
}
