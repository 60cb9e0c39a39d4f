import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '../install-kernels.js';
import { WasmMemoryError } from './wasm-memory-error.js';
import { WASM_HEAP_LIMIT_BYTES, resetWasmMemoryPeak, wasmMemoryUsage } from './wasm-memory.js';

const MiB = 2 ** 20;

/** What a call throws (or undefined), for assertions on its fields. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

beforeAll(async () => {
  // Started the plain tfjs way: installing the kernels guards every WASM backend, however started.
  installKernels();
  await tf.setBackend('wasm');
});

describe('WASM heap accounting', () => {
  it('counts the bytes of the buffers tensors hold, and the high-water mark since a reset', () => {
    const before = wasmMemoryUsage()!;
    const a = tf.fill([1000], 1);
    const b = tf.fill([250, 1000], 2);
    expect(wasmMemoryUsage()!.inUseBytes - before.inUseBytes).toBe(4 * (1000 + 250_000));
    expect(wasmMemoryUsage()!.buffers - before.buffers).toBe(2);
    resetWasmMemoryPeak();
    tf.dispose([a, b]);
    tf.fill([MiB], 0).dispose();
    const after = wasmMemoryUsage()!;
    expect(after.inUseBytes).toBe(before.inUseBytes);
    expect(after.peakBytes).toBe(before.inUseBytes + 4 * MiB);
    expect(after.heapLimitBytes).toBe(WASM_HEAP_LIMIT_BYTES);
    expect(after.heapBytes).toBeGreaterThanOrEqual(after.peakBytes);
    expect(after.heapBytes).toBeLessThanOrEqual(WASM_HEAP_LIMIT_BYTES);
  });
});

describe('running out of WASM memory', () => {
  it('a tensor past the heap limit is a WasmMemoryError with the size asked for, and the backend goes on', () => {
    const tensors = tf.memory().numTensors;
    const error = thrown(() => tf.fill([1100, 1024, 1024], 1));
    expect(error).toBeInstanceOf(WasmMemoryError);
    const { figures, message } = error as WasmMemoryError;
    expect(figures.requestedBytes).toBe(1100 * 4 * MiB);
    expect(message).toMatch(
      /^the WASM backend is out of memory: 4400\.0 MiB asked for, [\d.]+ MiB in use by tensors, heap/,
    );
    expect(message).toContain('one buffer can hold at most 2047 MiB; use a smaller batch or context');
    expect(message).toContain('another backend (tensorflow or cpu)');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()))).toEqual([4, 6]);
  });

  it('with 2.8 of 4 GiB taken, a tensor or a product that needs 1.4 more is a WasmMemoryError; freeing makes room', {
    timeout: 90_000,
  }, () => {
    // 1,434 MiB of weights and as much again: a third such buffer (a tensor, or XNNPACK's packed copy
    // of the weights for a product) cannot fit in the 4 GiB heap.
    const [rows, columns] = [1024, 367_000];
    const bytes = 4 * rows * columns;
    // The small operand first: between the two large buffers it would keep their space apart once freed.
    const x = tf.ones([1, rows]);
    const weights = tf.fill([rows, columns], 0.5);
    const filler = tf.fill([rows, columns], 0);
    const inUse = wasmMemoryUsage()!.inUseBytes;
    const copy = thrown(() => tf.fill([rows, columns], 1)) as WasmMemoryError;
    expect(copy).toBeInstanceOf(WasmMemoryError);
    expect(copy.figures.requestedBytes).toBe(bytes);
    expect(copy.figures.inUseBytes).toBe(inUse);
    expect(copy.figures.largestFreeBytes).toBeLessThan(bytes);
    expect(copy.figures.heapLimitBytes - copy.figures.inUseBytes).toBeLessThan(2 * bytes);
    // tfjs-backend-wasm packs a product's weights unchecked: this was "memory access out of bounds".
    const packing = thrown(() => tf.matMul(x, weights)) as WasmMemoryError;
    expect(packing).toBeInstanceOf(WasmMemoryError);
    expect(packing.figures.requestedBytes).toBeGreaterThan(bytes);
    expect(wasmMemoryUsage()!.inUseBytes).toBe(inUse);

    filler.dispose();
    // The same product now fits; each output is the sum of 1,024 products 1 × 0.5.
    const product = tf.matMul(x, weights);
    expect(product.shape).toEqual([1, columns]);
    const values = product.dataSync();
    expect([values[0], values[columns - 1]]).toEqual([512, 512]);
    tf.dispose([product, weights, x]);
  });
});
