import '@tensorflow/tfjs-backend-cpu';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { startThreadedWasm } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '../install-kernels.js';
import { wasmCachedAttention } from './wasm-cached-attention.js';
import { wasmGeluTanh } from './wasm-gelu.js';

// The threaded build as a backend of its own beside `wasm`, started after the kernels are installed
// so that it gets a copy of them.
const THREADED = 'wasm-2';

/** The parts of the threaded build's Emscripten module checked here. */
interface ThreadedModule {
  readonly HEAPU8: Uint8Array;
  readonly wasmMemory: { readonly buffer: SharedArrayBuffer };
}

/** Runs `compute` on `backend` and returns its values (the tensor is disposed). */
async function valuesOn(backend: string, compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const result = compute();
  const values = Float32Array.from(await result.data());
  result.dispose();
  return values;
}

describe('the kernels on threaded WASM in Node', () => {
  beforeAll(async () => {
    installKernels();
    await tf.setBackend('wasm');
    expect(await startThreadedWasm(2, THREADED)).toBe(2);
  });

  it('keeps the heap-reading kernels right on the shared memory after a large allocation', async () => {
    await tf.setBackend(THREADED);
    const { wasm } = tf.engine().registry[THREADED] as unknown as { wasm: ThreadedModule };
    const random = seededRandom(3);
    const input = randomValues(random, 3 * 40 * 50);
    const big = tf.zeros([(64 * 1024 * 1024) / 4]);
    // Growth (if the heap was not already at its limit) happened on this thread, so the glue renewed the views.
    expect(wasm.HEAPU8.buffer.byteLength).toBe(wasm.wasmMemory.buffer.byteLength);
    // Slice, batched matMul and transposed-operand products are this package's WASM kernels.
    const compute = (): tf.Tensor =>
      tf.tidy(() => {
        const x = tf.tensor3d(input, [3, 40, 50]);
        const slice = tf.slice(x, [1, 5, 7], [2, 30, 40]);
        return tf.concat([tf.reshape(tf.matMul(slice, slice, false, true), [-1]), tf.sum(x, [0, 1])]);
      });
    const threaded = await valuesOn(THREADED, compute);
    big.dispose();
    const cpu = await valuesOn('cpu', compute);
    expect(threaded.length).toBe(cpu.length);
    threaded.forEach((value, i) => {
      expect(Math.abs(value - (cpu[i] ?? Number.NaN))).toBeLessThan(1e-4);
    });
  });

  it('runs the heap module (GELU, cached attention) on the shared memory as on the single-threaded heap', async () => {
    const random = seededRandom(4);
    const [x, q, keys, values] = [
      [2, 1031],
      [2, 2, 1, 8],
      [4, 12, 8],
      [4, 12, 8],
    ].map((shape) =>
      randomValues(
        random,
        shape.reduce((a, b) => a * b, 1),
      ),
    );
    const compute = (): tf.Tensor =>
      tf.tidy(() => {
        const buffers = [tf.tensor3d(keys!, [4, 12, 8]), tf.tensor3d(values!, [4, 12, 8])] as const;
        const caches = [0, 2].map((row) => ({
          keys: tf.slice(buffers[0], [row, 0, 0], [2, -1, -1]),
          values: tf.slice(buffers[1], [row, 0, 0], [2, -1, -1]),
          begin: 1 + row,
          count: 9 - row,
        }));
        const attended = wasmCachedAttention(tf.tensor4d(q!, [2, 2, 1, 8]), caches, 0.3, [[2, 5], []]);
        return tf.concat([tf.reshape(wasmGeluTanh(tf.tensor2d(x!, [2, 1031])), [-1]), tf.reshape(attended, [-1])]);
      });
    const threaded = await valuesOn(THREADED, compute);
    expect(Array.from(await valuesOn('wasm', compute))).toEqual(Array.from(threaded));
  });
});
