import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused inference LayerNorm kernel (WASM only; it has no gradient). */
const FUSED_LAYER_NORM = 'FewshotFusedLayerNorm';

/**
 * `layerNorm` of @fewshot/model as one kernel on the WASM backend: a loop per row over the heap
 * instead of the nine tensor ops `moments`, `rsqrt` and the affine step dispatch (25 LayerNorms
 * per GPT-3 Small decoding step made ~275 dispatches, each costing more than a 768-wide row's
 * arithmetic). Statistics accumulate in double precision. For inference only: it has no gradient.
 */
export function wasmLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const width = x.shape.at(-1);
  if (gamma.size !== width || beta.size !== width) {
    throw new RangeError(`layerNorm: gamma and beta must have ${String(width)} values (the last axis of x), got ${gamma.size} and ${beta.size}`);
  }
  return tf.engine().runKernel(FUSED_LAYER_NORM, { x, gamma, beta }, { epsilon });
}

/** Registers the kernel (once per process). */
export function installWasmLayerNorm(): void {
  registerKernelOnce({
    kernelName: FUSED_LAYER_NORM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
      const epsilon = (attrs as { epsilon: number }).epsilon;
      const wasm = backend as unknown as WasmHeap;
      const out = wasm.makeOutput(x.shape, 'float32');
      const width = x.shape.at(-1) ?? 0;
      if (width === 0) return out;
      // Views are taken after the output's allocation: growing the heap detaches older ones.
      const input = wasm.typedArrayFromHeap(x) as Float32Array;
      const gain = wasm.typedArrayFromHeap(gamma) as Float32Array;
      const shift = wasm.typedArrayFromHeap(beta) as Float32Array;
      const output = wasm.typedArrayFromHeap(out) as Float32Array;
      for (let base = 0; base < input.length; base += width) {
        let sum = 0;
        for (let i = 0; i < width; i++) sum += input[base + i] ?? 0;
        const mean = sum / width;
        let squares = 0;
        for (let i = 0; i < width; i++) {
          const centred = (input[base + i] ?? 0) - mean;
          squares += centred * centred;
        }
        const scale = 1 / Math.sqrt(squares / width + epsilon);
        for (let i = 0; i < width; i++) output[base + i] = ((input[base + i] ?? 0) - mean) * scale * (gain[i] ?? 0) + (shift[i] ?? 0);
      }
      return out;
    },
  });
}
