import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { installCpuUnsortedSegmentSum } from './cpu-unsorted-segment-sum.js';

installCpuUnsortedSegmentSum();

describe('UnsortedSegmentSum on the CPU backend (one pass)', () => {
  it('is the registered kernel', () => {
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'cpu').kernelFunc.name).toBe('unsortedSegmentSumInOnePass');
  });

  it('adds the rows of each segment, dropping ids out of range, like a float64 loop', async () => {
    await tf.setBackend('cpu');
    const random = seededRandom(12);
    const ids = [3, 0, 3, 9, -1, 3, 0, 12];
    const rows = randomValues(random, ids.length * 5);
    const result = tf.unsortedSegmentSum(tf.tensor2d(rows, [ids.length, 5]), tf.tensor1d(ids, 'int32'), 10);
    expect(result.shape).toEqual([10, 5]);
    const expected = new Float64Array(50);
    ids.forEach((id, row) => {
      if (id < 0 || id >= 10) return;
      for (let j = 0; j < 5; j++) expected[id * 5 + j]! += rows[row * 5 + j]!;
    });
    Array.from(await result.data()).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
    });
  });

  it('gives the embedding gradient of tf.gather, and sums int32 rows as int32', async () => {
    await tf.setBackend('cpu');
    const table = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const gradient = tf.grad((weights: tf.Tensor) => tf.sum(tf.gather(weights, tf.tensor1d([2, 0, 2], 'int32'))))(
      table,
    );
    expect(Array.from(await gradient.data())).toEqual([1, 1, 0, 0, 2, 2]);
    const counts = tf.unsortedSegmentSum(tf.tensor1d([1, 1, 1, 1], 'int32'), tf.tensor1d([1, 1, 0, 1], 'int32'), 2);
    expect(counts.dtype).toBe('int32');
    expect(Array.from(await counts.data())).toEqual([1, 3]);
  });
});
