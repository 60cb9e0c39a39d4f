import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installWasmSlice } from './wasm-slice.js';
import { installWasmSplit } from './wasm-split.js';

installWasmSlice();
installWasmSplit();

/** The pieces of `op` on one backend, as shapes and values. */
async function piecesOn(
  backend: 'wasm' | 'cpu',
  op: (x: tf.Tensor) => tf.Tensor[],
): Promise<{ shape: number[]; values: number[] }[]> {
  await tf.setBackend(backend);
  const x = tf.tensor(
    Array.from({ length: 2 * 3 * 4 }, (_, i) => i - 5),
    [2, 3, 4],
  );
  const pieces = op(x);
  const result = await Promise.all(
    pieces.map(async (piece) => ({ shape: piece.shape, values: Array.from(await piece.data()) })),
  );
  tf.dispose([x, ...pieces]);
  return result;
}

describe('Unpack and SplitV on WASM (through the heap Slice)', () => {
  const cases: [string, (x: tf.Tensor) => tf.Tensor[]][] = [
    ['unstack axis 0', (x) => tf.unstack(x, 0)],
    ['unstack axis 1', (x) => tf.unstack(x, 1)],
    ['unstack last axis', (x) => tf.unstack(x, -1)],
    ['split in equal parts', (x) => tf.split(x, 2, 2)],
    ['split by sizes', (x) => tf.split(x, [1, 2], 1)],
    ['split with an inferred size', (x) => tf.split(x, [1, -1], 2)],
  ];
  for (const [name, op] of cases) {
    it(`${name} equals the CPU backend`, async () => {
      expect(await piecesOn('wasm', op)).toEqual(await piecesOn('cpu', op));
    });
  }

  it('is the registered kernel for both', () => {
    expect(tf.getKernel(tf.Unpack, 'wasm').kernelFunc.name).toBe('slicedPiecesKernel');
    expect(tf.getKernel(tf.SplitV, 'wasm').kernelFunc.name).toBe('slicedPiecesKernel');
  });

  it('frees every piece it made', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([4, 8]);
    const before = tf.memory().numDataBuffers;
    tf.dispose(tf.unstack(x));
    tf.dispose(tf.split(x, 4, 1));
    expect(tf.memory().numDataBuffers).toBe(before);
    x.dispose();
  });
});
