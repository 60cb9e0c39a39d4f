import type { Activation } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { fusedOpsFor } from './fused-ops.js';

/** The tanh GELU's constants: u = √(2/π)(x + 0.044715x³). */
export const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export const GELU_CUBIC = 0.044715;

/**
 * The tanh GELU, x·(1 + tanh(u))/2 with u = √(2/π)(x + 0.044715x³), as x·σ(2u): the same function
 * through the sigmoid, which the WASM backend computes ~17× faster than tanh (1.6 vs 27.6 ms on
 * [512, 3072]); x³ as products because its Pow kernel is slow too. The gradient is written out,
 * σ + x·σ(1 − σ)·2u′ with u′ = √(2/π)(1 + 3·0.044715x²), so training keeps x and σ for the
 * backward pass instead of every intermediate of the six ops (and differentiates in fewer ops).
 */
const geluTanh = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const gate = tf.tidy(() =>
    tf.sigmoid(tf.mul(2 * SQRT_2_OVER_PI, tf.add(x, tf.mul(GELU_CUBIC, tf.mul(tf.mul(x, x), x))))),
  );
  save([x, gate]);
  return {
    value: tf.mul(x, gate),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, sigma] = saved as [tf.Tensor, tf.Tensor];
      const slope = tf.mul(2 * SQRT_2_OVER_PI, tf.add(1, tf.mul(3 * GELU_CUBIC, tf.mul(input, input))));
      return tf.mul(dy, tf.add(sigma, tf.mul(tf.mul(input, tf.mul(sigma, tf.sub(1, sigma))), slope)));
    },
  };
});

/**
 * The feed-forward activation. `gelu_new` is the tanh approximation GPT-2/3 and GPT-Neo were
 * trained with (Hendrycks & Gimpel 2016, eq. 2); `gelu` is the exact erf form.
 */
export function activate(activation: Activation, x: tf.Tensor): tf.Tensor {
  switch (activation) {
    case 'gelu_new':
      return geluTanh(x);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
    case 'relu':
      return tf.relu(x);
  }
}

/**
 * {@link activate} for inference (never under a gradient tape): the tanh GELU as one fused
 * kernel where one is installed for `x` (its ~7 tensor ops cost more to dispatch than a decoding
 * step's 3072 values), else the tensor ops.
 */
export function inferenceActivation(activation: Activation, x: tf.Tensor): tf.Tensor {
  const ops = activation === 'gelu_new' ? fusedOpsFor(x) : undefined;
  return ops === undefined ? activate(activation, x) : ops.geluTanh(x);
}
