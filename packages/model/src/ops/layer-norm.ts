import * as tf from '@tensorflow/tfjs-core';
import { fusedOpsFor } from './fused-ops.js';

/**
 * LayerNorm over the last axis (Ba et al. 2016) with the biased variance, as PyTorch computes it.
 * The centred input is computed once and serves both the variance and the output (`tf.moments`
 * would compute it again, with a Cast and a Reshape: three ops more per call, each a TensorFlow op
 * call of its own on the `tensorflow` backend); the values are the same.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(centred), -1, true);
    const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normalised, gamma), beta);
  });
}

/**
 * {@link layerNorm} for inference (never under a gradient tape): one fused kernel where one is
 * installed for `x` (a decoding step's 25 LayerNorms are ~275 tensor ops otherwise), else the
 * tensor ops.
 */
export function inferenceLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const ops = fusedOpsFor(x);
  return ops === undefined ? layerNorm(x, gamma, beta, epsilon) : ops.layerNorm(x, gamma, beta, epsilon);
}
