import * as tf from '@tensorflow/tfjs-core';

/*
 * `tf.matMul` and `tf.fused.matMul` reshape both operands to rank 3 and the product back, five
 * Reshape ops around each product (a 2-D `x` and the caller's reshapes included); each costs
 * about 5 µs of dispatch on WASM, which over GPT-2 small's 48 projections and 25 LM-head blocks is
 * a few percent of a decoding step. Inference needs no gradient, so these run the product kernels
 * directly on rank-3 operands.
 */

/** `x` `[..., in]` as the rank-3 left operand `[1, rows, in]`, without a Reshape when it already is one. */
export function asLeftOperand(x: tf.Tensor, inSize: number): tf.Tensor3D {
  return (x.rank === 3 && x.shape[0] === 1 ? x : tf.reshape(x, [1, -1, inSize])) as tf.Tensor3D;
}

/** `product` `[1, rows, out]` back to `x`'s leading axes, without a Reshape when they match. */
export function likeLeftOperand(product: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const outSize = product.shape[2] ?? 0;
  return x.rank === 3 && x.shape[0] === 1 ? product : tf.reshape(product, [...x.shape.slice(0, -1), outSize]);
}

/**
 * `a · b (+ bias)` of rank-3 operands `[1, rows, in]` · `[1, in, out]` → `[1, rows, out]` through the
 * backend's fused product kernel (XNNPACK on WASM adds the bias inside the product). Not
 * differentiable: inference only.
 */
export function inferenceMatMul(a: tf.Tensor3D, b: tf.Tensor3D, bias?: tf.Tensor): tf.Tensor3D {
  const attrs = { transposeA: false, transposeB: false, activation: 'linear' };
  const inputs: tf.NamedTensorMap = bias === undefined ? { a, b } : { a, b, bias };
  return tf.engine().runKernel<tf.Tensor3D>(tf._FusedMatMul, inputs, attrs);
}
