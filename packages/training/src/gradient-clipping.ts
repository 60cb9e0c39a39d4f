import * as tf from '@tensorflow/tfjs-core';

export interface ClippedGradients {
  readonly gradients: Map<string, tf.Tensor>;
  /** The global L2 norm before clipping. */
  readonly norm: number;
}

/**
 * Scales every gradient by `maxNorm / norm` when their global L2 norm (all gradients as one
 * vector) exceeds `maxNorm`, as `torch.nn.utils.clip_grad_norm_` does (with its 1e-6 guard).
 * Disposes the input gradients it replaces; the caller owns the returned ones.
 */
export function clipByGlobalNorm(gradients: Map<string, tf.Tensor>, maxNorm: number): ClippedGradients {
  // Each square is freed as soon as it is summed: squaring all gradients in one tidy would hold a
  // second copy of every gradient at once (478 MiB for GPT-3 Small, on a WASM heap capped at 4 GB).
  const sums = [...gradients.values()].map((gradient) => tf.tidy(() => tf.sum(tf.square(gradient))));
  const norm = tf.tidy(() => tf.sqrt(tf.addN(sums)).dataSync()[0] ?? 0);
  tf.dispose(sums);
  const scale = maxNorm / (norm + 1e-6);
  if (!(scale < 1)) return { gradients, norm };
  const clipped = new Map<string, tf.Tensor>();
  for (const [name, gradient] of gradients) {
    clipped.set(name, tf.mul(gradient, scale));
    gradient.dispose();
  }
  return { gradients: clipped, norm };
}
