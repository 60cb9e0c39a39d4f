import { describe, expect, it } from 'vitest';
import { type BatchDecodingModel, StepScheduler } from './step-scheduler.js';

interface Sequence {
  readonly name: string;
  readonly ids: number[];
}

/** A model that records its calls; its logits are [sequence length, last id, 0]. */
function recordingModel(batched: boolean): { model: BatchDecodingModel<Sequence>; calls: string[] } {
  const calls: string[] = [];
  const logits = (cache: Sequence): Float32Array => Float32Array.from([cache.ids.length, cache.ids.at(-1) ?? -1, 0]);
  const model: BatchDecodingModel<Sequence> = {
    vocabSize: 3,
    contextLength: 1000,
    createCache: () => ({ name: '', ids: [] }),
    nextTokenLogits: (ids, cache) => {
      calls.push(`${cache.name}:${ids.length}`);
      cache.ids.push(...ids);
      return logits(cache);
    },
    ...(batched
      ? {
          nextTokenLogitsBatch: (ids: readonly (number | readonly number[])[], caches: readonly Sequence[]) => {
            const rows = ids.map((row) => (typeof row === 'number' ? [row] : row));
            const names = caches.map((cache, i) => {
              const count = rows[i]!.length;
              return count > 1 ? `${cache.name}:${count}` : cache.name;
            });
            calls.push(`batch:${names.join('+')}`);
            return Promise.resolve(caches.map((cache, i) => (cache.ids.push(...rows[i]!), logits(cache))));
          },
        }
      : {}),
  };
  return { model, calls };
}

/** Decodes `steps` tokens one at a time on a sequence named `name`, through the scheduled model. */
async function decode(
  scheduled: ReturnType<StepScheduler['schedule']>,
  name: string,
  steps: number,
): Promise<number[]> {
  const cache = { name, ids: [] as number[] };
  const seen: number[] = [];
  for (let i = 0; i < steps; i++) seen.push((await scheduled.nextTokenLogits([i + 1], cache))[0] ?? 0);
  return seen;
}

describe('StepScheduler', () => {
  it('interleaves the steps of concurrent sequences round-robin, one at a time without batching', async () => {
    const { model, calls } = recordingModel(true);
    const scheduled = new StepScheduler({ batching: false }).schedule(model);
    const [a, b] = await Promise.all([decode(scheduled, 'a', 3), decode(scheduled, 'b', 2)]);
    expect(calls).toEqual(['a:1', 'b:1', 'a:1', 'b:1', 'a:1']);
    expect([a, b]).toEqual([
      [1, 2, 3],
      [1, 2],
    ]);
  });

  it('batches the decode steps pending together into one forward pass, each row to its sequence', async () => {
    const { model, calls } = recordingModel(true);
    const scheduler = new StepScheduler({ maxBatch: 2 });
    const scheduled = scheduler.schedule(model);
    const results = await Promise.all([
      decode(scheduled, 'a', 2),
      decode(scheduled, 'b', 2),
      decode(scheduled, 'c', 1),
    ]);
    // FIFO: c waited while a and b ran, so it goes before their second steps.
    expect(calls).toEqual(['batch:a+b', 'batch:c+a', 'b:1']);
    expect(results).toEqual([[1, 2], [1, 2], [1]]);
    expect(scheduler.stats).toEqual({ steps: 3, batches: 2, batchedSequences: 4, batchedPrefills: 0 });
  });

  it('feeds a long prompt in chunks that take turns with other sequences', async () => {
    const { model, calls } = recordingModel(false);
    const scheduled = new StepScheduler({ prefillChunk: 4 }).schedule(model);
    const prompt = { name: 'p', ids: [] as number[] };
    const [logits] = await Promise.all([
      scheduled.nextTokenLogits(
        Array.from({ length: 10 }, (_, i) => i),
        prompt,
      ),
      decode(scheduled, 'd', 3),
    ]);
    expect(calls).toEqual(['p:4', 'd:1', 'p:4', 'd:1', 'p:2', 'd:1']);
    expect(Array.from(logits)).toEqual([10, 9, 0]);
  });

  it("runs prompt chunks in the same pass as other sequences' decoding steps, within maxBatchTokens", async () => {
    const { model, calls } = recordingModel(true);
    const scheduler = new StepScheduler({ prefillChunk: 4, maxBatchTokens: 6 });
    const scheduled = scheduler.schedule(model);
    const prompt = { name: 'p', ids: [] as number[] };
    const [logits] = await Promise.all([
      scheduled.nextTokenLogits(
        Array.from({ length: 10 }, (_, i) => i),
        prompt,
      ),
      decode(scheduled, 'd', 3),
      decode(scheduled, 'e', 3),
    ]);
    // A 4-token chunk and two decoding rows fill 6 tokens; the last chunk (2) fits beside both.
    expect(calls).toEqual(['batch:p:4+d+e', 'batch:p:4+d+e', 'batch:p:2+d+e']);
    expect(Array.from(logits)).toEqual([10, 9, 0]);
    expect(scheduler.stats).toEqual({ steps: 3, batches: 3, batchedSequences: 9, batchedPrefills: 3 });
    const tight = recordingModel(true);
    const small = new StepScheduler({ prefillChunk: 4, maxBatchTokens: 5 }).schedule(tight.model);
    const prompt4 = small.nextTokenLogits([1, 2, 3, 4], { name: 'p', ids: [] });
    await Promise.all([prompt4, decode(small, 'd', 1), decode(small, 'e', 1)]);
    // The chunk and one row fill 5 tokens: the other row waits for the next pass.
    expect(tight.calls).toEqual(['batch:p:4+d', 'e:1']);
  });

  it('rejects every sequence of a failed batch, and a failed task only its caller, and goes on', async () => {
    const { model } = recordingModel(true);
    const failing: BatchDecodingModel<Sequence> = {
      ...model,
      nextTokenLogitsBatch: () => Promise.reject(new Error('device lost')),
    };
    const scheduler = new StepScheduler();
    const scheduled = scheduler.schedule(failing);
    const outcomes = await Promise.allSettled([decode(scheduled, 'a', 1), decode(scheduled, 'b', 1)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(
      scheduler.run(() => {
        throw new Error('task failed');
      }),
    ).rejects.toThrow('task failed');
    expect(await scheduler.run(() => 7)).toBe(7);
  });
});
