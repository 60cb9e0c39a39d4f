import type { MatMulShape } from './matmul-timing.js';
import { timeInFreshProcesses } from './fresh-process-timing.js';

/** One product with oneDNN's kernels off and on: median milliseconds over the rounds. */
export interface OneDnnRow {
  readonly shape: MatMulShape;
  readonly offMs: number;
  readonly onMs: number;
}

/**
 * Times `shapes` on the tensorflow backend with `TF_ENABLE_ONEDNN_OPTS=0` and `=1`, in fresh
 * processes that alternate (off, on, off, on, …), since libtensorflow reads it once, when it loads.
 */
export async function compareOneDnn(
  shapes: readonly MatMulShape[],
  rounds: number,
  repeats: number,
): Promise<OneDnnRow[]> {
  const settings = {
    off: { TF_ENABLE_ONEDNN_OPTS: '0', TF_CPP_MIN_LOG_LEVEL: '2' },
    on: { TF_ENABLE_ONEDNN_OPTS: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
  };
  const { off, on } = await timeInFreshProcesses('tensorflow', settings, shapes, rounds, repeats);
  return shapes.map((shape, index) => ({
    shape,
    offMs: off.ms[index] ?? Number.NaN,
    onMs: on.ms[index] ?? Number.NaN,
  }));
}
