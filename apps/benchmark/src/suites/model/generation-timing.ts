import { type ModelConfig, attendedKeyCount, forwardFlopsPerToken } from '@fewshot/config';
import type { GptModel, KvCache } from '@fewshot/model';
import { type MeasureOptions, measureInterleaved } from '../../framework/measure.js';
import { type Summary, median } from '../../framework/stats.js';

/** `count` deterministic token ids spread over the vocabulary (weights are random, so any ids do). */
export function sampleIds(count: number, vocabSize: number, offset = 0): number[] {
  return Array.from({ length: count }, (_, i) => ((offset + i) * 7919 + 13) % vocabSize);
}

/** Milliseconds per token of generation without a cache: the whole context is recomputed for each token. */
export function timeRecompute(model: GptModel, ids: readonly number[], options: MeasureOptions): Summary {
  return measureInterleaved(
    [
      {
        name: 'recompute',
        run: () => {
          model.forward(ids).logits.dispose();
        },
      },
    ],
    options,
  ).get('recompute')!;
}

/**
 * A cache holding `length` positions, filled in chunks through the last-position head only (as a generation's prefill).
 */
export async function filledCache(model: GptModel, length: number, chunk = 256): Promise<KvCache> {
  const cache = model.createCache();
  const ids = sampleIds(length, model.config.vocabSize);
  for (let start = 0; start < length; start += chunk)
    await model.nextTokenLogits(ids.slice(start, start + chunk), cache);
  return cache;
}

/** Untimed decoding steps before the timed ones: the first single-token steps after a prefill run new kernel shapes. */
const DECODE_WARMUP_STEPS = 2;

/**
 * Milliseconds of one single-token decoding step continuing `cache` (extended in place), logits read back included:
 * what a generation loop calls per token.
 */
async function timeDecodeStep(model: GptModel, cache: KvCache): Promise<number> {
  const [id = 0] = sampleIds(1, model.config.vocabSize, cache.length);
  const start = performance.now();
  await model.nextTokenLogits([id], cache);
  return performance.now() - start;
}

/**
 * Median ms per cached decoding step whose last position is `context − 1`, for each of
 * `contexts`: one cache per context, each given untimed warm-up steps, then `steps` timed steps
 * taken in turn across the contexts, so a change in the machine's load or heap during the
 * measurement falls on every context alike instead of biasing their ratio.
 */
export async function decodeInterleaved(
  model: GptModel,
  contexts: readonly number[],
  steps: number,
): Promise<number[]> {
  const caches: KvCache[] = [];
  try {
    for (const context of contexts) {
      const cache = await filledCache(model, context - steps - DECODE_WARMUP_STEPS);
      caches.push(cache);
      for (let i = 0; i < DECODE_WARMUP_STEPS; i++) await timeDecodeStep(model, cache);
    }
    const times = caches.map((): number[] => []);
    for (let step = 0; step < steps; step++) {
      for (const [i, cache] of caches.entries()) times[i]!.push(await timeDecodeStep(model, cache));
    }
    return times.map((values) => median(values));
  } finally {
    for (const cache of caches) cache.dispose();
  }
}

/** Median ms per cached decoding step whose last position is `context − 1`. */
export async function decodeAt(model: GptModel, context: number, steps: number): Promise<number> {
  const [ms = Number.NaN] = await decodeInterleaved(model, [context], steps);
  return ms;
}

/**
 * FLOPs of one decoding step at position `context − 1`: every projection and the LM head for
 * one token, and for each layer a score and a weighted value per key its pattern attends to.
 */
export function decodeFlops(config: ModelConfig, context: number): number {
  const { projections, lmHead } = forwardFlopsPerToken(config, 1);
  const attention = config.attention.reduce(
    (sum, pattern) => sum + 4 * config.dModel * attendedKeyCount(pattern, context - 1),
    0,
  );
  return projections + lmHead + attention;
}
