import type { GptModel, KvCache } from '@fewshot/model';
import { type MeasureOptions, measureInterleaved } from '../../framework/measure.js';
import type { Summary } from '../../framework/stats.js';

/** `count` deterministic token ids spread over the vocabulary (weights are random, so any ids do). */
export function sampleIds(count: number, vocabSize: number, offset = 0): number[] {
  return Array.from({ length: count }, (_, i) => ((offset + i) * 7919 + 13) % vocabSize);
}

/** Milliseconds to process `ids` from position 0 with a fresh cache: a generation's prefill. */
export function timePrefill(model: GptModel, ids: readonly number[], options: MeasureOptions): Summary {
  const run = (): void => {
    const cache = model.createCache();
    model.forward(ids, cache).logits.dispose();
    cache.dispose();
  };
  return measureInterleaved([{ name: 'prefill', run }], options).get('prefill')!;
}

/** Milliseconds per token of generation without a cache: the whole context is recomputed for each token. */
export function timeRecompute(model: GptModel, ids: readonly number[], options: MeasureOptions): Summary {
  return measureInterleaved([{ name: 'recompute', run: () => { model.forward(ids).logits.dispose(); } }], options).get('recompute')!;
}

/** A cache holding `length` positions, filled in chunks so that no logits larger than `chunk` rows are alive at once. */
export function filledCache(model: GptModel, length: number, chunk = 256): KvCache {
  const cache = model.createCache();
  const ids = sampleIds(length, model.config.vocabSize);
  for (let start = 0; start < length; start += chunk) model.forward(ids.slice(start, start + chunk), cache).logits.dispose();
  return cache;
}

/**
 * Milliseconds of each of `steps` single-token decoding steps continuing `cache` (extended in
 * place), after one untimed warm-up step.
 */
export function timeDecodeSteps(model: GptModel, cache: KvCache, steps: number): number[] {
  const ids = sampleIds(steps + 1, model.config.vocabSize, cache.length);
  model.forward([ids[0]!], cache).logits.dispose();
  return ids.slice(1).map((id) => {
    const start = performance.now();
    model.forward([id], cache).logits.dispose();
    return performance.now() - start;
  });
}
