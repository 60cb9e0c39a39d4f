import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '../__fixtures__/random.js';
import { layerNorm } from '../ops/layer-norm.js';
import { inferenceLayerNorm } from './wasm-layer-norm.js';

describe('inferenceLayerNorm (one fused kernel on WASM)', () => {
  it('equals the tensor-op LayerNorm on WASM and on the CPU backend, leaving no tensors behind', async () => {
    const random = seededRandom(5);
    const [rows, width] = [7, 48];
    const x = randomValues(random, rows * width).map((value) => 3 * value + 1);
    const gamma = randomValues(random, width);
    const beta = randomValues(random, width);
    for (const backend of ['wasm', 'cpu'] as const) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const inputs = [tf.tensor(x, [1, rows, width]), tf.tensor(gamma, [width]), tf.tensor(beta, [width])] as const;
      const fused = inferenceLayerNorm(inputs[0], inputs[1], inputs[2], 1e-5);
      const reference = layerNorm(inputs[0], inputs[1], inputs[2], 1e-5);
      expect(fused.shape).toEqual([1, rows, width]);
      const [got, expected] = [Array.from(await fused.data()), Array.from(await reference.data())];
      got.forEach((value, i) => { expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5); });
      tf.dispose([...inputs, fused, reference]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
