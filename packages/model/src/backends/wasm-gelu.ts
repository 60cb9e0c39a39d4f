import * as tf from '@tensorflow/tfjs-core';
import { activate } from '../ops/activations.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused inference tanh-GELU kernel (WASM only; it has no gradient). */
const FUSED_GELU = 'FewshotFusedGeluTanh';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

/**
 * The tanh GELU (`gelu_new`, see {@link activate}) as one kernel on the WASM backend: one loop over
 * the heap, x·σ(2·√(2/π)(x + 0.044715x³)) per element in double precision, instead of the ~7 tensor
 * ops of the differentiable form, whose dispatches cost more than a decoding step's 3072 values.
 * For inference only: no gradient is registered, so training keeps {@link activate}; other
 * backends use it too.
 */
export function inferenceGelu(x: tf.Tensor): tf.Tensor {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return activate('gelu_new', x);
  return tf.engine().runKernel(FUSED_GELU, { x });
}

tf.registerKernel({
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
      output[i] = value / (1 + Math.exp(-2 * SQRT_2_OVER_PI * (value + CUBIC * value * value * value)));
    }
    return out;
  },
});
