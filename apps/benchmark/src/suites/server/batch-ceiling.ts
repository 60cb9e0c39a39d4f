import type { MeasureOptions } from '../../framework/measure.js';
import { measureInterleavedAsync } from '../../framework/measure-async.js';

/** The model calls a batched decoding step needs (`GptModel` has them). */
export interface BatchStepModel<Cache> {
  createCache(): Cache;
  nextTokenLogits(ids: readonly number[], cache: Cache): Promise<Float32Array>;
  nextTokenLogitsBatch(ids: readonly number[], caches: readonly Cache[]): Promise<Float32Array[]>;
  disposeCache(cache: Cache): void;
}

export interface BatchCeilingOptions {
  /** Sequences in one batched pass (the server suite's target concurrency). */
  readonly rows: number;
  /** The prompt every sequence starts from (filled untimed). */
  readonly prompt: readonly number[];
  /** Timed decoding steps per run. */
  readonly steps: number;
  readonly rounds: MeasureOptions;
}

export interface BatchCeiling {
  readonly rows: number;
  /** Median milliseconds of a step that extends one sequence. */
  readonly oneRowMs: number;
  /** Median milliseconds of a step that extends `rows` sequences in one forward pass. */
  readonly batchMs: number;
  /** `rows · oneRowMs / batchMs`: the tokens/s batching gains when every pass is full and nothing else runs. */
  readonly gain: number;
}

/**
 * What batched decoding can gain on `model` at most: decoding steps that extend `rows` sequences
 * in one forward pass against steps that extend one, from the same prompt, in interleaved rounds
 * in this process. A server gains less: its passes also carry new prompts' rows, and each
 * request costs HTTP, tokenizing and sampling that no pass shares.
 */
export async function measureBatchCeiling<Cache>(
  model: BatchStepModel<Cache>,
  options: BatchCeilingOptions,
): Promise<BatchCeiling> {
  const { rows, prompt, steps } = options;
  if (!Number.isInteger(rows) || rows < 2) throw new RangeError(`rows = ${rows} is invalid: expected an integer ≥ 2`);
  if (prompt.length === 0) throw new RangeError('prompt: expected at least one token id, got none');
  const idAt = (step: number): number => prompt[step % prompt.length] ?? 0;
  /** Milliseconds per step of `steps` steps on `count` fresh sequences. */
  const run = async (count: number): Promise<number> => {
    const caches = Array.from({ length: count }, () => model.createCache());
    try {
      for (const cache of caches) await model.nextTokenLogits(prompt, cache);
      const start = performance.now();
      for (let step = 0; step < steps; step++) {
        if (count === 1) await model.nextTokenLogits([idAt(step)], caches[0] as Cache);
        else
          await model.nextTokenLogitsBatch(
            caches.map(() => idAt(step)),
            caches,
          );
      }
      return (performance.now() - start) / steps;
    } finally {
      for (const cache of caches) model.disposeCache(cache);
    }
  };
  const one = 'one sequence';
  const many = `${rows} sequences`;
  const timings = await measureInterleavedAsync(
    [
      { name: one, run: () => run(1) },
      { name: many, run: () => run(rows) },
    ],
    options.rounds,
  );
  const oneRowMs = timings.get(one)?.median ?? Number.NaN;
  const batchMs = timings.get(many)?.median ?? Number.NaN;
  return { rows, oneRowMs, batchMs, gain: (rows * oneRowMs) / batchMs };
}
