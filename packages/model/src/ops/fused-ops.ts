import type * as tf from '@tensorflow/tfjs-core';
import type { CacheBuffers } from '../cache/kv-cache-types.js';

/** The scalars of one AdamW update of one weight, as an optimizer step computes them. */
export interface AdamWScalars {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** `√(1 − β2ᵗ)`: v̂'s bias correction under the root. */
  readonly rootSecondCorrection: number;
  /** `lr / (1 − β1ᵗ)`: the step size with m̂'s bias correction. */
  readonly stepSize: number;
  /** `1 − lr·weightDecay` for decayed weights, else 1. */
  readonly decay: number;
}

/**
 * Operations a kernel package can run faster than the TF.js ops they replace, for tensors whose
 * backend and dtype it `supports`. The model works without them (each has a plain TF.js form
 * here, with the same results to 1e-5); `@fewshot/kernels` provides them for the WASM backend.
 * None has a gradient: the model calls them only for inference, AdamW only outside a tape.
 */
export interface FusedOps {
  /** Whether these operations run on `tensor`'s backend and dtype. */
  readonly supports: (tensor: tf.Tensor) => boolean;
  /** LayerNorm over the last axis (see `layerNorm`), in one kernel. */
  readonly layerNorm: (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number) => tf.Tensor;
  /** The tanh GELU (`gelu_new`), in one kernel. */
  readonly geluTanh: (x: tf.Tensor) => tf.Tensor;
  /**
   * One query per head, `q` `[batch, heads, 1, headSize]`, against the keys and values that KV
   * cache buffers hold, read in place: `softmax(scale · q · kᵀ) · v` over each cache's filled
   * positions, skipping the keys `masked[i]` lists for cache i (indices among its filled ones).
   * The rows of `q` go to the caches in order, as many to each as its buffers have rows.
   */
  readonly cachedAttention: (
    q: tf.Tensor,
    caches: readonly CacheBuffers[],
    scale: number,
    masked: readonly (readonly number[])[],
  ) => tf.Tensor;
  /**
   * Writes positions into a KV cache buffer `[rows, capacity, size]` in place: `rows` runs of
   * `n·size` floats of `next` (`[…, n, size]`, `n` its second-to-last axis), from float `offset`
   * on, into positions `at … at + n − 1`.
   */
  readonly writeRows: (buffer: tf.Tensor, next: tf.Tensor, at: number, offset: number) => void;
  /**
   * One AdamW update of `weight`: the moments `m` and `v` (the optimizer's own tensors) are
   * overwritten in place and the updated weight is returned as a new tensor.
   */
  readonly adamWUpdate: (
    weight: tf.Tensor,
    gradient: tf.Tensor,
    m: tf.Tensor,
    v: tf.Tensor,
    scalars: AdamWScalars,
  ) => tf.Tensor;
}

// A global symbol: a process may hold two copies of this package (source and build in tests),
// and both must see what a kernel package installed.
const REGISTRY = Symbol.for('@fewshot/model.fusedOps');
type Registry = typeof globalThis & { [REGISTRY]?: FusedOps };

/** Makes `ops` the fused operations the model uses (`undefined`: none, the plain TF.js ops). */
export function installFusedOps(ops: FusedOps | undefined): void {
  (globalThis as Registry)[REGISTRY] = ops;
}

/** The installed fused operations, when they support `tensor`; else undefined (use the TF.js ops). */
export function fusedOpsFor(tensor: tf.Tensor): FusedOps | undefined {
  const ops = (globalThis as Registry)[REGISTRY];
  return ops?.supports(tensor) === true ? ops : undefined;
}
