import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by this side-effect module (tfjs-layers imports it; this test does not use layers).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { installWasmBatchMatMul } from './wasm-batch-matmul.js';

installWasmBatchMatMul();

/** `a · b` in float64 from row-major values, with either operand read transposed. */
function reference(
  a: Float32Array,
  b: Float32Array,
  batch: number,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): number[] {
  const out: number[] = [];
  for (let s = 0; s < batch; s++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const left = transposeA ? a[s * k * m + p * m + i] : a[s * m * k + i * k + p];
          const right = transposeB ? b[s * n * k + j * k + p] : b[s * k * n + p * n + j];
          sum += (left ?? 0) * (right ?? 0);
        }
        out.push(sum);
      }
    }
  }
  return out;
}

describe('BatchMatMul on WASM (transposed operands made explicit)', () => {
  const random = seededRandom(3);
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    const title = `matches a float64 product with transposeA=${transposeA}, transposeB=${transposeB}, batched and not`;
    it(title, async () => {
      await tf.setBackend('wasm');
      for (const batch of [0, 3]) {
        const [m, k, n] = [5, 7, 4];
        const count = Math.max(1, batch);
        const a = randomValues(random, count * m * k);
        const b = randomValues(random, count * k * n);
        const lead = batch === 0 ? [] : [batch];
        const aShape = [...lead, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...lead, ...(transposeB ? [n, k] : [k, n])];
        const before = tf.memory().numTensors;
        const product = tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB);
        expect(product.shape).toEqual([...lead, m, n]);
        const values = Array.from(await product.data());
        const expected = reference(a, b, count, m, k, n, transposeA, transposeB);
        values.forEach((value, i) => {
          expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 4);
        });
        tf.disposeVariables();
        product.dispose();
        expect(tf.memory().numTensors).toBe(before + 2);
      }
    });
  }

  it('splits a batch of products with enough rows into 2-D products, over several leading axes', async () => {
    await tf.setBackend('wasm');
    const [m, k, n] = [17, 6, 9];
    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
    ] as const) {
      const a = randomValues(random, 6 * m * k);
      const b = randomValues(random, 6 * k * n);
      const before = tf.memory().numDataBuffers;
      const product = tf.matMul(
        tf.tensor(a, [2, 3, ...(transposeA ? [k, m] : [m, k])]),
        tf.tensor(b, [2, 3, ...(transposeB ? [n, k] : [k, n])]),
        transposeA,
        transposeB,
      );
      expect(product.shape).toEqual([2, 3, m, n]);
      const values = Array.from(await product.data());
      const expected = reference(a, b, 6, m, k, n, transposeA, transposeB);
      values.forEach((value, i) => {
        expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 4);
      });
      product.dispose();
      // The two inputs remain (not disposed here); every intermediate matrix was freed.
      expect(tf.memory().numDataBuffers).toBe(before + 2);
    }
  });

  it('computes the gradients of a · b (which ask for both transposed products)', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tf.tensor2d([
      [1, 0],
      [2, 1],
      [0, 3],
    ]);
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]);
    // d/da Σ(a·b) = 1·bᵀ (row sums of b), d/db = aᵀ·1 (column sums of a).
    expect(Array.from(await da!.data())).toEqual([1, 3, 3, 1, 3, 3]);
    expect(Array.from(await db!.data())).toEqual([5, 5, 7, 7, 9, 9]);
  });
});
