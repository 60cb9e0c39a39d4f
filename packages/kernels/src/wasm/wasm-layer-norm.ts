import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import { heapKernels } from './heap/heap-kernel-module.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused inference LayerNorm kernel (WASM only; it has no gradient). */
const FUSED_LAYER_NORM = 'FewshotFusedLayerNorm';

/**
 * `layerNorm` of @fewshot/model as one kernel on the WASM backend: the heap module's `layerNorm`
 * (WebAssembly SIMD, float32, two passes per row for the mean and the variance) instead of the
 * nine tensor ops `moments`, `rsqrt` and the affine step dispatch (25 LayerNorms per GPT-3 Small
 * decoding step made ~275 dispatches, each costing more than a 768-wide row's arithmetic). For
 * inference only: it has no gradient.
 */
export function wasmLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const width = x.shape.at(-1);
  if (gamma.size !== width || beta.size !== width) {
    throw new RangeError(
      `layerNorm: gamma and beta must have ${String(width)} values (the last axis of x), ` +
        `got ${gamma.size} and ${beta.size}`,
    );
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
      // Addresses are read after the output's allocation, which may move the heap.
      const input = wasm.typedArrayFromHeap(x);
      const address = (info: tf.TensorInfo): number => wasm.typedArrayFromHeap(info).byteOffset;
      heapKernels(wasm.wasm).layerNorm(
        input.byteOffset,
        address(gamma),
        address(beta),
        address(out),
        input.length / width,
        width,
        epsilon,
      );
      return out;
    },
  });
}
