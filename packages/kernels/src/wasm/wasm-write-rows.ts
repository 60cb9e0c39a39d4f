import * as tf from '@tensorflow/tfjs-core';
import type { WasmHeap } from './wasm-heap.js';

/**
 * Writes into a KV cache buffer `[rows, capacity, size]` on the WASM heap, in place: `rows` runs
 * of `n·size` floats of `next` (`[…, n, size]`), from float `offset` on, into positions
 * `at … at + n − 1`. A decoding step then appends to its cache in O(1) ops instead of
 * concatenating all of it. The buffer must be the cache's own tensor, shared with nothing.
 */
export function wasmWriteRows(buffer: tf.Tensor, next: tf.Tensor, at: number, offset: number): void {
  const [rows = 0, capacity = 0, size = 0] = buffer.shape;
  const n = next.shape.at(-2) ?? 0;
  if (at + n > capacity) {
    throw new RangeError(`writeRows: positions ${at}…${at + n - 1} do not fit a buffer of ${capacity} positions`);
  }
  const wasm = tf.backend() as unknown as WasmHeap;
  const target = wasm.typedArrayFromHeap(buffer);
  const source = wasm.typedArrayFromHeap(next);
  for (let row = 0; row < rows; row++) {
    target.set(source.subarray(offset + row * n * size, offset + (row + 1) * n * size), (row * capacity + at) * size);
  }
}
