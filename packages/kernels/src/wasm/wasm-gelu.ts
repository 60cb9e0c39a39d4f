import { GELU_CUBIC, SQRT_2_OVER_PI } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused inference tanh-GELU kernel (WASM only; it has no gradient). */
const FUSED_GELU = 'FewshotFusedGeluTanh';

/**
 * The tanh GELU (`gelu_new`, `activate` of @fewshot/model) as one kernel on the WASM backend: one
 * loop over the heap, x·σ(2·√(2/π)(x + 0.044715x³)) per element in double precision, instead of
 * the ~7 tensor ops of the differentiable form, whose dispatches cost more than a decoding step's
 * 3072 values. For inference only: it has no gradient.
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
      // Views are taken after the output's allocation: growing the heap detaches older ones.
      const input = wasm.typedArrayFromHeap(x) as Float32Array;
      const output = wasm.typedArrayFromHeap(out) as Float32Array;
      for (let i = 0; i < input.length; i++) {
        const value = input[i] ?? 0;
        output[i] = value / (1 + Math.exp(-2 * SQRT_2_OVER_PI * (value + GELU_CUBIC * value * value * value)));
      }
      return out;
    },
  });
}
