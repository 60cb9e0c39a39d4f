import type { MatMulShape } from './matmul-timing.js';
import { timeInFreshProcesses } from './fresh-process-timing.js';

/** One product with oneDNN's kernels off and on: median milliseconds over the rounds. */
export interface OneDnnRow {
  readonly shape: MatMulShape;
  readonly offMs: number;
  readonly onMs: number;
}

/** The environment of a fresh tensorflow process with TensorFlow's oneDNN kernels off and on (start-up lines quiet). */
export const ONE_DNN_SETTINGS = {
  off: { TF_ENABLE_ONEDNN_OPTS: '0', TF_CPP_MIN_LOG_LEVEL: '2' },
  on: { TF_ENABLE_ONEDNN_OPTS: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
} as const;

/**
 * Times `shapes` on the tensorflow backend with `TF_ENABLE_ONEDNN_OPTS=0` and `=1`, in fresh
 * processes that alternate (off, on, off, on, …), since libtensorflow reads it once, when it loads.
 */
export async function compareOneDnn(
  shapes: readonly MatMulShape[],
  rounds: number,
  repeats: number,
): Promise<OneDnnRow[]> {
  const { off, on } = await timeInFreshProcesses('tensorflow', ONE_DNN_SETTINGS, shapes, rounds, repeats);
  return shapes.map((shape, index) => ({
    shape,
    offMs: off.ms[index] ?? Number.NaN,
    onMs: on.ms[index] ?? Number.NaN,
  }));
}
