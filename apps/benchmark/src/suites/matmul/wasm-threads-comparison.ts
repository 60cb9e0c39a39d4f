import type { MatMulShape } from './matmul-timing.js';
import { timeInFreshProcesses } from './fresh-process-timing.js';

/** One product on the wasm backend started with one and with two threads: median milliseconds over the rounds. */
export interface WasmThreadsRow {
  readonly shape: MatMulShape;
  readonly oneMs: number;
  readonly twoMs: number;
}

export interface WasmThreadsComparison {
  readonly rows: readonly WasmThreadsRow[];
  /** The threads each setting's backend reported (the second is 2 where the threaded build started). */
  readonly threads: readonly [number | undefined, number | undefined];
}

/**
 * Times `shapes` on wasm with `FEWSHOT_WASM_THREADS=1` (tfjs's single-threaded SIMD build) and
 * `=2` (its threaded SIMD build), in fresh processes that alternate: the backend starts once per
 * process, with the threads asked for then.
 */
export async function compareWasmThreads(
  shapes: readonly MatMulShape[],
  rounds: number,
  repeats: number,
): Promise<WasmThreadsComparison> {
  const settings = { one: { FEWSHOT_WASM_THREADS: '1' }, two: { FEWSHOT_WASM_THREADS: '2' } };
  const { one, two } = await timeInFreshProcesses('wasm', settings, shapes, rounds, repeats);
  return {
    rows: shapes.map((shape, index) => ({
      shape,
      oneMs: one.ms[index] ?? Number.NaN,
      twoMs: two.ms[index] ?? Number.NaN,
    })),
    threads: [one.threads, two.threads],
  };
}
