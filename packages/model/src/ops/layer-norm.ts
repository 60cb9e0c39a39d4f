import * as tf from '@tensorflow/tfjs-core';
import { fusedOpsFor } from './fused-ops.js';

/** LayerNorm over the last axis (Ba et al. 2016) with the biased variance, as PyTorch computes it. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
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
