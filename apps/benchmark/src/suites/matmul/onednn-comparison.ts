import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from '../../framework/stats.js';
import type { MatMulShape } from './matmul-timing.js';

/** One product with oneDNN's kernels off and on: median milliseconds over the rounds. */
export interface OneDnnRow {
  readonly shape: MatMulShape;
  readonly offMs: number;
  readonly onMs: number;
}

const PROBE = fileURLToPath(new URL('./native-matmul-probe.js', import.meta.url));

/**
 * Times `shapes` on the tensorflow backend with `TF_ENABLE_ONEDNN_OPTS=0` and `=1`, in fresh
 * processes that alternate (off, on, off, on, …) so load from elsewhere hits both alike.
 */
export async function compareOneDnn(shapes: readonly MatMulShape[], rounds: number, repeats: number): Promise<OneDnnRow[]> {
  const samples = { off: [] as number[][], on: [] as number[][] };
  for (let round = 0; round < rounds; round++) {
    for (const setting of ['off', 'on'] as const) {
      const env = { ...process.env, TF_ENABLE_ONEDNN_OPTS: setting === 'on' ? '1' : '0', TF_CPP_MIN_LOG_LEVEL: '2' };
      const { stdout } = await promisify(execFile)(process.execPath, [PROBE, JSON.stringify(shapes), String(repeats)], { env });
      samples[setting].push(JSON.parse(stdout) as number[]);
    }
  }
  return shapes.map((shape, index) => ({
    shape,
    offMs: median(samples.off.map((round) => round[index] ?? Number.NaN)),
    onMs: median(samples.on.map((round) => round[index] ?? Number.NaN)),
  }));
}
