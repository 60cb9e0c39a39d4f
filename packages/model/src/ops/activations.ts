import type { Activation } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * The feed-forward activation. `gelu_new` is the tanh approximation GPT-2/3 and GPT-Neo were
 * trained with (Hendrycks & Gimpel 2016, eq. 2); `gelu` is the exact erf form.
 */
export function activate(activation: Activation, x: tf.Tensor): tf.Tensor {
  switch (activation) {
    case 'gelu_new':
      return tf.tidy(() => {
        const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
        return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
      });
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
    case 'relu':
      return tf.relu(x);
  }
}
