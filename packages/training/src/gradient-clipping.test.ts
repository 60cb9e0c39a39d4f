import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './gradient-clipping.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('clipByGlobalNorm', () => {
  it('scales all gradients together when their joint norm exceeds the threshold', () => {
    // Joint norm of [3, 4] and [12]: √(9 + 16 + 144) = 13.
    const gradients = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([3, 4])],
      ['b', tf.tensor1d([12])],
    ]);
    const { gradients: clipped, norm } = clipByGlobalNorm(gradients, 1);
    expect(norm).toBeCloseTo(13, 5);
    const scale = 1 / (13 + 1e-6);
    expect(Array.from(clipped.get('a')?.dataSync() ?? [])).toEqual(
      [3, 4].map((value) => expect.closeTo(value * scale, 6) as unknown),
    );
    expect(clipped.get('b')?.dataSync()[0]).toBeCloseTo(12 * scale, 6);
    tf.dispose([...clipped.values()]);
  });

  it('leaves gradients under the threshold unchanged', () => {
    const gradients = new Map<string, tf.Tensor>([['a', tf.tensor1d([0.3, 0.4])]]);
    const result = clipByGlobalNorm(gradients, 1);
    expect(result.norm).toBeCloseTo(0.5, 6);
    expect(result.gradients).toBe(gradients);
    expect(Array.from(result.gradients.get('a')?.dataSync() ?? [])).toEqual([
      expect.closeTo(0.3, 6),
      expect.closeTo(0.4, 6),
    ]);
    tf.dispose([...gradients.values()]);
  });
});
