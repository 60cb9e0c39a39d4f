import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { installWasmFusedMatMul } from './wasm-fused-matmul.js';

installWasmFusedMatMul();

describe('_FusedMatMul on WASM (weights packed from a copy while gradients are computed)', () => {
  it('gives the same product and gradients inside and outside a gradient computation, freeing every copy', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const w = tf.variable(
      tf.tensor2d([
        [1, 0],
        [2, 1],
        [0, 3],
      ]),
    );
    const bias = tf.tensor1d([0.5, -1]);
    const buffersBefore = tf.memory().numDataBuffers;
    const plain = tf.fused.matMul({ a: x, b: w, bias });
    // x · w + bias, by hand.
    expect(Array.from(await plain.data())).toEqual([5.5, 10, 14.5, 22]);
    const { value, grads } = tf.variableGrads(
      () =>
        tf.sum(
          tf.mul(
            tf.fused.matMul({ a: x, b: w, bias }),
            tf.tensor2d([
              [1, 2],
              [3, 4],
            ]),
          ),
        ),
      [w],
    );
    // Σ (x·w + b) ∘ c = 1·5.5 + 2·10 + 3·14.5 + 4·22; d/dw = xᵀ · c.
    expect(value.dataSync()[0]).toBeCloseTo(157, 5);
    expect(Array.from(await grads[w.name]!.data())).toEqual([13, 18, 17, 24, 21, 30]);
    tf.dispose([plain, value, ...Object.values(grads)]);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
    tf.dispose([x, w, bias]);
  });
});
