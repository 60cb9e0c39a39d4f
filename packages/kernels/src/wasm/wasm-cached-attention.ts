import type { CacheBuffers } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import { type AttendRowsArgs, backendMemory, heapKernels } from './heap/heap-kernel-module.js';
import { lentHelper } from './lent-helper.js';
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
 * general path, so a decoding step neither copies nor concatenates its caches. The arithmetic is
 * the heap module's `attendRows` (WebAssembly SIMD, float32, on the backend's own memory), one
 * call per cache — split in two halves of its rows where a two-thread decoding store lent its
 * helper thread to this memory (`quantizeForDecoding` on the threaded build), the same results bit
 * for bit. Returns `[batch, heads, 1, headSize]`.
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
      const kernels = heapKernels(wasm.wasm);
      const helper = lentHelper(backendMemory(wasm.wasm));
      const out = wasm.makeOutput(q.shape, 'float32');
      const longest = Math.max(1, ...counts);
      // Room for one cache's scores (float32), its mask (a byte per key), then the helper's scores.
      const maskBytes = 4 * Math.ceil(longest / 4);
      const scores = wasm.wasm._malloc(4 * longest + maskBytes + (helper === undefined ? 0 : 4 * longest));
      const mask = scores + 4 * longest;
      const helperScores = mask + maskBytes;
      try {
        const query = wasm.typedArrayFromHeap(q).byteOffset;
        const output = wasm.typedArrayFromHeap(out).byteOffset;
        let firstRow = 0;
        begins.forEach((begin, i) => {
          const keys = named[`keys${i}`];
          const values = named[`values${i}`];
          if (keys === undefined || values === undefined) {
            throw new Error(`${CACHED_ATTENTION}: no keys or values for cache ${i}`);
          }
          const [rows = 0, capacity = 0, size = 0] = keys.shape;
          const count = counts[i] ?? 0;
          const hidden = masked[i] ?? [];
          if (hidden.length > 0) {
            const bytes = wasm.wasm.HEAPU8;
            bytes.fill(0, mask, mask + count);
            for (const index of hidden) bytes[mask + index] = 1;
          }
          const stride = 4 * capacity * size;
          const first = 4 * begin * size;
          const keyRows = wasm.typedArrayFromHeap(keys).byteOffset + first;
          const valueRows = wasm.typedArrayFromHeap(values).byteOffset + first;
          // `attendRows`' arguments for `n` of this cache's rows from row `r` on.
          const args = (r: number, n: number, scratch: number): AttendRowsArgs => [
            query + 4 * (firstRow + r) * size,
            keyRows + r * stride,
            valueRows + r * stride,
            output + 4 * (firstRow + r) * size,
            n,
            stride,
            count,
            size,
            scale,
            scratch,
            hidden.length > 0 ? mask : 0,
          ];
          if (helper === undefined || rows < 2) {
            kernels.attendRows(...args(0, rows, scores));
          } else {
            const split = Math.ceil(rows / 2);
            helper.alongside('attendRows', args(split, rows - split, helperScores), () => {
              kernels.attendRows(...args(0, split, scores));
            });
          }
          firstRow += rows;
        });
      } finally {
        wasm.wasm._free(scores);
      }
      return out;
    },
  });
}
