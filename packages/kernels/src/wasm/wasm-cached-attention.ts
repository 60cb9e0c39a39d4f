import type { CacheBuffers } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused cached-attention kernel (WASM only, inference only: it has no gradient). */
const CACHED_ATTENTION = 'FewshotCachedAttention';

/**
 * One query per head `q` `[batch, heads, 1, headSize]` against the keys and values KV caches hold
 * in their buffers, read in place: `softmax(scale · q · kᵀ) · v` over each cache's filled
 * positions, skipping the keys `masked[i]` lists for cache i (indices among its filled ones). The
 * rows of `q` go to the caches in order, as many to each as its buffers have rows
 * (`batch·heads` for one cache of a batch, `heads` per cache for one sequence each), so one
 * kernel serves a decoding step of one sequence or of several of different lengths. One kernel
 * per layer instead of the slice, the two batched products, the scaling and the softmax of the
 * general path, so a decoding step neither copies nor concatenates its caches. Dot products and
 * the softmax sum accumulate in double precision; the scaled query and the scores are rounded
 * to float32 as the tensor ops round them. Returns `[batch, heads, 1, headSize]`.
 */
export function wasmCachedAttention(
  q: tf.Tensor,
  caches: readonly CacheBuffers[],
  scale: number,
  masked: readonly (readonly number[])[],
): tf.Tensor {
  const inputs: Record<string, tf.Tensor> = { q };
  caches.forEach((cache, i) => {
    inputs[`keys${i}`] = cache.keys;
    inputs[`values${i}`] = cache.values;
  });
  const begins = caches.map((cache) => cache.begin);
  const counts = caches.map((cache) => cache.count);
  const attrs = { begins, counts, scale, masked: masked.map((list) => [...list]) };
  return tf.engine().runKernel(CACHED_ATTENTION, inputs, attrs);
}

interface KernelAttrs {
  readonly begins: number[];
  readonly counts: number[];
  readonly scale: number;
  readonly masked: number[][];
}

/** Registers the kernel (once per process). */
export function installWasmCachedAttention(): void {
  registerKernelOnce({
    kernelName: CACHED_ATTENTION,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const named = inputs as Record<string, tf.TensorInfo | undefined>;
      const { begins, counts, scale, masked } = attrs as unknown as KernelAttrs;
      const q = named.q;
      if (q === undefined) throw new Error(`${CACHED_ATTENTION}: no query`);
      const wasm = backend as unknown as WasmHeap;
      const out = wasm.makeOutput(q.shape, 'float32');
      // Views are taken after the output's allocation: growing the heap detaches older ones.
      const query = wasm.typedArrayFromHeap(q) as Float32Array;
      const output = wasm.typedArrayFromHeap(out) as Float32Array;
      let firstRow = 0;
      begins.forEach((begin, i) => {
        const keys = named[`keys${i}`];
        const values = named[`values${i}`];
        if (keys === undefined || values === undefined) {
          throw new Error(`${CACHED_ATTENTION}: no keys or values for cache ${i}`);
        }
        const [rows = 0, capacity = 0, size = 0] = keys.shape;
        const k = wasm.typedArrayFromHeap(keys) as Float32Array;
        const v = wasm.typedArrayFromHeap(values) as Float32Array;
        const count = counts[i] ?? 0;
        attendRows({ query, output, k, v, firstRow, rows, capacity, size, begin, count, scale, masked: masked[i] ?? [] });
        firstRow += rows;
      });
      return out;
    },
  });
}

interface CacheRows {
  readonly query: Float32Array;
  readonly output: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  /** The first row of `query` and `output` that reads this cache. */
  readonly firstRow: number;
  readonly rows: number;
  readonly capacity: number;
  readonly size: number;
  readonly begin: number;
  readonly count: number;
  readonly scale: number;
  readonly masked: readonly number[];
}

/** One cache's rows of the kernel: each query row against the same row of the cache's buffers. */
function attendRows(cacheRows: CacheRows): void {
  const { query, output, k, v, firstRow, rows, capacity, size, begin, count, scale, masked } = cacheRows;
  const allowed = new Uint8Array(count).fill(1);
  for (const index of masked) allowed[index] = 0;
  const scores = new Float64Array(count);
  const scaled = new Float64Array(size);
  const sums = new Float64Array(size);
  // Plain indexed loops with non-null reads: this runs per layer per decoded token, and
  // `?? 0` guards on every read made it about half as fast.
  for (let row = 0; row < rows; row++) {
    const queryBase = (firstRow + row) * size;
    for (let t = 0; t < size; t++) scaled[t] = Math.fround(query[queryBase + t]! * scale);
    const base = (row * capacity + begin) * size;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < count; j++) {
      if (allowed[j] === 0) continue;
      const keyBase = base + j * size;
      // Four partial sums: one running sum would wait on each addition before the next.
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      let t = 0;
      for (; t + 3 < size; t += 4) {
        dot0 += scaled[t]! * k[keyBase + t]!;
        dot1 += scaled[t + 1]! * k[keyBase + t + 1]!;
        dot2 += scaled[t + 2]! * k[keyBase + t + 2]!;
        dot3 += scaled[t + 3]! * k[keyBase + t + 3]!;
      }
      for (; t < size; t++) dot0 += scaled[t]! * k[keyBase + t]!;
      const score = Math.fround(dot0 + dot1 + dot2 + dot3);
      scores[j] = score;
      if (score > max) max = score;
    }
    let total = 0;
    for (let j = 0; j < count; j++) {
      const weight = allowed[j] === 0 ? 0 : Math.exp(scores[j]! - max);
      scores[j] = weight;
      total += weight;
    }
    sums.fill(0);
    for (let j = 0; j < count; j++) {
      const p = scores[j]! / total;
      if (p === 0) continue;
      const valueBase = base + j * size;
      for (let t = 0; t < size; t++) sums[t] = sums[t]! + p * v[valueBase + t]!;
    }
    for (let t = 0; t < size; t++) output[queryBase + t] = sums[t]!;
  }
}
