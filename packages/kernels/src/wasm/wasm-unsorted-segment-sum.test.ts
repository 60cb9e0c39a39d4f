import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// Gradients are registered by tfjs-layers (which the model imports), or directly like this.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { installWasmUnsortedSegmentSum } from './wasm-unsorted-segment-sum.js';

installWasmUnsortedSegmentSum();

/** Runs `compute` on one backend and returns its result as a plain array. */
async function on(backend: 'wasm' | 'cpu', compute: () => tf.Tensor): Promise<{ shape: number[]; values: number[] }> {
  await tf.setBackend(backend);
  const result = tf.tidy(compute);
  const values = Array.from(await result.data());
  result.dispose();
  return { shape: result.shape, values };
}

describe('UnsortedSegmentSum on WASM', () => {
  const random = seededRandom(7);
  const table = randomValues(random, 11 * 6);
  // Repeated ids (gradient rows that must add up) and an unused row.
  const ids = [3, 0, 3, 9, 10, 3, 0, 4];
  const upstream = randomValues(random, ids.length * 6);

  it("gives tf.grad through tf.gather the CPU backend's embedding gradient", async () => {
    const gradient = (): tf.Tensor =>
      tf.grad((weights: tf.Tensor) =>
        tf.sum(tf.mul(tf.gather(weights, tf.tensor1d(ids, 'int32')), tf.tensor2d(upstream, [ids.length, 6]))),
      )(tf.tensor2d(table, [11, 6]));
    const wasm = await on('wasm', gradient);
    const cpu = await on('cpu', gradient);
    expect(wasm.shape).toEqual([11, 6]);
    wasm.values.forEach((value, i) => {
      expect(value).toBeCloseTo(cpu.values[i] ?? Number.NaN, 5);
    });
    // Independently: row 3 collects the upstream rows 0, 2 and 5; row 1 is never gathered.
    for (let j = 0; j < 6; j++) {
      expect(wasm.values[3 * 6 + j]).toBeCloseTo(
        (upstream[j] ?? 0) + (upstream[2 * 6 + j] ?? 0) + (upstream[5 * 6 + j] ?? 0),
        5,
      );
      expect(wasm.values[6 + j]).toBe(0);
    }
  });

  it('matches the CPU backend on int32 data, higher-rank rows and ids outside the segments', async () => {
    const sum = (): tf.Tensor =>
      tf.unsortedSegmentSum(
        tf.tensor3d(
          Array.from({ length: 24 }, (_, i) => i - 5),
          [4, 3, 2],
          'int32',
        ),
        tf.tensor1d([1, -1, 1, 7], 'int32'),
        3,
      );
    const wasm = await on('wasm', sum);
    expect(wasm).toEqual(await on('cpu', sum));
    expect(wasm.shape).toEqual([3, 3, 2]);
    // Row 1 = x[0] + x[2]: (i − 5) + (i + 12 − 5) for i = 0..5; ids −1 and 7 are dropped.
    expect(wasm.values.slice(6, 12)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(wasm.values.slice(0, 6).concat(wasm.values.slice(12))).toEqual(new Array(12).fill(0));
  });
});
