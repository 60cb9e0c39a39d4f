import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../__fixtures__/test-backends.js';
import { activate } from './activations.js';

const XS = [-6, -3, -1.5, -0.5, -0.01, 0, 0.01, 0.3, 1, 2.5, 5];

/** The tanh GELU and its derivative in float64, from the tanh form (Hendrycks & Gimpel eq. 2). */
function reference(x: number): { value: number; derivative: number } {
  const c = Math.sqrt(2 / Math.PI);
  const u = c * (x + 0.044715 * x ** 3);
  const t = Math.tanh(u);
  return {
    value: 0.5 * x * (1 + t),
    derivative: 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x),
  };
}

describe.each(TEST_BACKENDS)('gelu_new on %s', (backend) => {
  it('has the values and derivative of the tanh form', async () => {
    await tf.setBackend(backend);
    const x = tf.tensor1d(XS);
    const values = await activate('gelu_new', x).data();
    const derivatives = await tf
      .grad((input: tf.Tensor) => tf.sum(activate('gelu_new', input)))(x)
      .data();
    XS.forEach((value, i) => {
      expect(values[i]).toBeCloseTo(reference(value).value, 5);
      expect(derivatives[i]).toBeCloseTo(reference(value).derivative, 5);
    });
  });
});
