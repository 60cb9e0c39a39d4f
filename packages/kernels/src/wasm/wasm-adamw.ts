import type { AdamWScalars } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { registerKernelOnce } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Name of the fused AdamW update kernel (WASM only). */
const ADAMW_UPDATE = 'FewshotAdamWUpdate';

/**
 * One AdamW update of `weight` as one loop over the WASM heap: the moments `m` and `v` are
 * overwritten in place (they must be the optimizer's own tensors, shared with nothing), and the
 * updated weight is returned as a new tensor. The tensor-op form allocated two new moments and
 * four intermediates the size of the weight, and freed the old moments after: for GPT-3 Small's
 * 147 MiB token embedding, 880 MiB more at once, and every step moved 1 GB of moments around the
 * 4 GiB heap, leaving it in pieces too small for the next step. Each operation is rounded to
 * float32 in the same order as the tensor ops, so the results are theirs.
 */
export function wasmAdamWUpdate(
  weight: tf.Tensor,
  gradient: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  scalars: AdamWScalars,
): tf.Tensor {
  return tf.engine().runKernel(ADAMW_UPDATE, { weight, gradient, m, v }, { ...scalars });
}

/** Registers the kernel (once per process). */
export function installWasmAdamW(): void {
  registerKernelOnce({
    kernelName: ADAMW_UPDATE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { weight, gradient, m, v } = inputs as Record<'weight' | 'gradient' | 'm' | 'v', tf.TensorInfo>;
      const scalars = attrs as unknown as AdamWScalars;
      const f = Math.fround;
      const [beta1, oneMinusBeta1, beta2, oneMinusBeta2] = [
        f(scalars.beta1),
        f(1 - scalars.beta1),
        f(scalars.beta2),
        f(1 - scalars.beta2),
      ];
      const [epsilon, root, stepSize, decay] = [
        f(scalars.epsilon),
        f(scalars.rootSecondCorrection),
        f(scalars.stepSize),
        f(scalars.decay),
      ];
      const wasm = backend as unknown as WasmHeap;
      const out = wasm.makeOutput(weight.shape, 'float32');
      // Views are taken after the output's allocation: growing the heap detaches older ones.
      const w = wasm.typedArrayFromHeap(weight) as Float32Array;
      const g = wasm.typedArrayFromHeap(gradient) as Float32Array;
      const first = wasm.typedArrayFromHeap(m) as Float32Array;
      const second = wasm.typedArrayFromHeap(v) as Float32Array;
      const updated = wasm.typedArrayFromHeap(out) as Float32Array;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const mi = f(f(first[i]! * beta1) + f(gi * oneMinusBeta1));
        const vi = f(f(second[i]! * beta2) + f(f(gi * gi) * oneMinusBeta2));
        first[i] = mi;
        second[i] = vi;
        const step = f(f(mi / f(f(f(Math.sqrt(vi)) / root) + epsilon)) * stepSize);
        updated[i] = f((decay === 1 ? w[i]! : f(w[i]! * decay)) - step);
      }
      return out;
    },
  });
}
