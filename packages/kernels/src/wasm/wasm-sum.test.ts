import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { installWasmBatchMatMul } from './wasm-batch-matmul.js';
import { installWasmSum } from './wasm-sum.js';

installWasmBatchMatMul();
installWasmSum();

/** `tf.sum` on one backend: shape and values. */
async function sumOn(
  backend: 'wasm' | 'cpu',
  values: Float32Array,
  shape: number[],
  axis: number | number[],
  keepDims: boolean,
): Promise<{ shape: number[]; values: number[] }> {
  await tf.setBackend(backend);
  const x = tf.tensor(values, shape);
  const result = tf.sum(x, axis, keepDims);
  const out = { shape: result.shape, values: Array.from(await result.data()) };
  tf.dispose([x, result]);
  return out;
}

describe('Sum on WASM (leading axes as a product with ones)', () => {
  const random = seededRandom(8);
  const cases: [string, number[], number | number[], boolean][] = [
    ['a bias gradient: rows of a matrix', [40, 12], 0, false],
    ['batch and time of [batch, time, d]', [3, 20, 8], [0, 1], false],
    ['the same, keeping dims', [3, 20, 8], [1, 0], true],
    ['only the batch axis', [20, 3, 5], 0, true],
    ['a few rows (plain kernel)', [4, 6], 0, false],
    ['the last axis (plain kernel)', [20, 30], -1, false],
    ['a middle axis (plain kernel)', [4, 20, 3], 1, false],
    ['every axis (plain kernel)', [20, 20], [0, 1], false],
  ];
  for (const [name, shape, axis, keepDims] of cases) {
    it(`${name} equals the CPU backend`, async () => {
      const values = randomValues(
        random,
        shape.reduce((product, size) => product * size, 1),
      );
      const wasm = await sumOn('wasm', values, shape, axis, keepDims);
      const cpu = await sumOn('cpu', values, shape, axis, keepDims);
      expect(wasm.shape).toEqual(cpu.shape);
      wasm.values.forEach((value, i) => {
        expect(value).toBeCloseTo(cpu.values[i] ?? Number.NaN, 4);
      });
    });
  }

  it('leaves no buffer behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([64, 8]);
    const before = tf.memory().numDataBuffers;
    tf.sum(x, 0).dispose();
    expect(tf.memory().numDataBuffers).toBe(before);
    x.dispose();
  });
});
