import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installWasmTranspose } from './wasm-transpose.js';

installWasmTranspose();

describe('Transpose on WASM (shares the buffer when no data moves)', () => {
  it('shares for permutations that only move axes of size 1, and still copies real ones', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    const buffersBefore = tf.memory().numDataBuffers;
    const same = tf.transpose(x, [0, 1, 2]);
    const unitMoved = tf.transpose(x, [1, 0, 2]);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
    expect(unitMoved.shape).toEqual([1, 2, 3]);
    expect(Array.from(await unitMoved.data())).toEqual([1, 2, 3, 4, 5, 6]);
    const swapped = tf.transpose(x, [2, 1, 0]);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore + 1);
    expect(swapped.shape).toEqual([3, 1, 2]);
    // Element [k, 0, i] of the result is x[i, 0, k].
    expect(Array.from(await swapped.data())).toEqual([1, 4, 2, 5, 3, 6]);
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.dispose([same, unitMoved, swapped]);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore - 1);
  });
});
