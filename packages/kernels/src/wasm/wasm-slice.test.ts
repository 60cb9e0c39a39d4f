import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installWasmSlice } from './wasm-slice.js';

installWasmSlice();

/** Slices on one backend and returns shape and values. */
async function sliceOn(
  backend: 'wasm' | 'cpu',
  shape: number[],
  dtype: 'float32' | 'int32' | 'bool',
  begin: number[],
  size: number[],
): Promise<{ shape: number[]; values: number[] }> {
  await tf.setBackend(backend);
  const count = shape.reduce((product, dim) => product * dim, 1);
  const data = Array.from({ length: count }, (_, i) => (dtype === 'bool' ? Number(i % 3 === 0) : i - 7));
  const x = tf.tensor(data, shape, dtype);
  const result = tf.slice(x, begin, size);
  const values = Array.from(await result.data(), Number);
  x.dispose();
  result.dispose();
  return { shape: result.shape, values };
}

describe('Slice on WASM (read from the heap)', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['1-D', [10], [3], [5]],
    ['contiguous rows of a matrix', [6, 4], [2, 0], [3, 4]],
    ['a column block', [6, 4], [1, 1], [4, 2]],
    ['one head of [batch, heads, time, size]', [2, 3, 5, 4], [1, 2, 0, 0], [1, 1, -1, -1]],
    ['a time block of every head', [2, 3, 5, 4], [0, 0, 1, 0], [-1, -1, 3, -1]],
    ['an inner block of a 5-D tensor', [2, 3, 4, 3, 2], [1, 1, 1, 1, 0], [1, 2, 2, 2, 1]],
    ['the newest positions of a [heads, time, size] cache', [3, 5, 4], [0, 1, 0], [-1, 4, -1]],
    ['everything', [3, 4], [0, 0], [-1, -1]],
    ['nothing', [3, 4], [1, 1], [0, 2]],
  ];
  for (const [name, shape, begin, size] of cases) {
    it(`equals the CPU backend: ${name}`, async () => {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const wasm = await sliceOn('wasm', shape, dtype, begin, size);
        expect(wasm).toEqual(await sliceOn('cpu', shape, dtype, begin, size));
      }
    });
  }

  it('still slices strings (through tfjs’s own kernel)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(['a', 'b', 'c', 'd'], [2, 2], 'string');
    const result = tf.slice(x, [1, 0], [1, 2]);
    expect(await result.array()).toEqual([['c', 'd']]);
    x.dispose();
    result.dispose();
  });
});
