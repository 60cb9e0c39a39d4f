import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import { heapKernels } from './heap/heap-kernel-module.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused inference tanh-GELU kernel (WASM only; it has no gradient). */
const FUSED_GELU = 'FewshotFusedGeluTanh';

/**
 * The tanh GELU (`gelu_new`, `activate` of @fewshot/model) as one kernel on the WASM backend: the
 * heap module's `gelu` (WebAssembly SIMD, x / (1 + e^(−2·√(2/π)(x + 0.044715x³))) in float32),
 * instead of the ~7 tensor ops of the differentiable form, whose dispatches cost more than a
 * decoding step's 3072 values. For inference only: it has no gradient.
 */
export function wasmGeluTanh(x: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(FUSED_GELU, { x });
}

/** Registers the kernel (once per process). */
export function installWasmGelu(): void {
  registerKernelOnce({
    kernelName: FUSED_GELU,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      const wasm = backend as unknown as WasmHeap;
      const out = wasm.makeOutput(x.shape, 'float32');
      // Addresses are read after the output's allocation, which may move the heap.
      const input = wasm.typedArrayFromHeap(x);
      heapKernels(wasm.wasm).gelu(input.byteOffset, wasm.typedArrayFromHeap(out).byteOffset, input.length);
      return out;
    },
  });
}
