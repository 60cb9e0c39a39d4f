import { describe, expect, it } from 'vitest';
import { type BatchStepModel, measureBatchCeiling } from './batch-ceiling.js';

/** A model that records what it is asked: each cache is the list of ids it was extended with. */
function recordingModel(): BatchStepModel<number[]> & {
  created: number[][];
  disposed: Set<number[]>;
  batches: number[];
} {
  const created: number[][] = [];
  const disposed = new Set<number[]>();
  const batches: number[] = [];
  return {
    created,
    disposed,
    batches,
    createCache: () => {
      const cache: number[] = [];
      created.push(cache);
      return cache;
    },
    nextTokenLogits: (ids, cache) => {
      cache.push(...ids);
      return Promise.resolve(new Float32Array(4));
    },
    nextTokenLogitsBatch: (ids, caches) => {
      batches.push(caches.length);
      caches.forEach((cache, i) => cache.push(ids[i] ?? -1));
      return Promise.resolve(caches.map(() => new Float32Array(4)));
    },
    disposeCache: (cache) => disposed.add(cache),
  };
}

describe('measureBatchCeiling', () => {
  const rounds = { warmup: 1, repeats: 2 };

  it('times fresh sequences of the same prompt, one at a time and `rows` per pass, and frees every cache', async () => {
    const model = recordingModel();
    const ceiling = await measureBatchCeiling(model, { rows: 3, prompt: [7, 8], steps: 5, rounds });
    // Three rounds (one warm-up), each one sequence then three.
    expect(model.created).toHaveLength(3 * (1 + 3));
    expect(model.disposed.size).toBe(model.created.length);
    for (const cache of model.created) expect(cache).toEqual([7, 8, 7, 8, 7, 8, 7]);
    expect(model.batches).toEqual(new Array(3 * 5).fill(3));
    expect(ceiling.rows).toBe(3);
    expect(ceiling.gain).toBeCloseTo((3 * ceiling.oneRowMs) / ceiling.batchMs, 12);
  });

  it('frees the caches when a step fails', async () => {
    const model = recordingModel();
    model.nextTokenLogitsBatch = () => Promise.reject(new Error('out of memory'));
    await expect(measureBatchCeiling(model, { rows: 2, prompt: [1], steps: 1, rounds })).rejects.toThrow(
      'out of memory',
    );
    expect(model.disposed.size).toBe(model.created.length);
  });

  it('names the bad option', async () => {
    const model = recordingModel();
    await expect(measureBatchCeiling(model, { rows: 1, prompt: [1], steps: 1, rounds })).rejects.toThrow(
      'rows = 1 is invalid: expected an integer ≥ 2',
    );
    await expect(measureBatchCeiling(model, { rows: 2, prompt: [], steps: 1, rounds })).rejects.toThrow(
      'prompt: expected at least one token id',
    );
  });
});
