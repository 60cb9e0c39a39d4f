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
  return measureInterleaved([{ name: 'recompute', run: () => { model.forward(ids).logits.dispose(); } }], options).get('recompute')!;
}

/** A cache holding `length` positions, filled in chunks through the last-position head only (as a generation's prefill). */
export async function filledCache(model: GptModel, length: number, chunk = 256): Promise<KvCache> {
  const cache = model.createCache();
  const ids = sampleIds(length, model.config.vocabSize);
  for (let start = 0; start < length; start += chunk) await model.nextTokenLogits(ids.slice(start, start + chunk), cache);
  return cache;
}

/** Untimed decoding steps before the timed ones: the first single-token steps after a prefill run new kernel shapes. */
const DECODE_WARMUP_STEPS = 2;

/**
 * Milliseconds of each of `steps` single-token decoding steps continuing `cache` (extended in
 * place), after untimed warm-up steps. A step is `nextTokenLogits`: what a generation loop
 * calls per token, logits read back included.
 */
export async function timeDecodeSteps(model: GptModel, cache: KvCache, steps: number): Promise<number[]> {
  const ids = sampleIds(steps + DECODE_WARMUP_STEPS, model.config.vocabSize, cache.length);
  for (const id of ids.slice(0, DECODE_WARMUP_STEPS)) await model.nextTokenLogits([id], cache);
  const times: number[] = [];
  for (const id of ids.slice(DECODE_WARMUP_STEPS)) {
    const start = performance.now();
    await model.nextTokenLogits([id], cache);
    times.push(performance.now() - start);
  }
  return times;
}

/** Median ms per cached decoding step whose last position is `context − 1`. */
export async function decodeAt(model: GptModel, context: number, steps: number): Promise<number> {
  const cache = await filledCache(model, context - steps - DECODE_WARMUP_STEPS);
  const times = await timeDecodeSteps(model, cache, steps);
  cache.dispose();
  return median(times);
}

/**
 * FLOPs of one decoding step at position `context − 1`: every projection and the LM head for
 * one token, and for each layer a score and a weighted value per key its pattern attends to.
 */
export function decodeFlops(config: ModelConfig, context: number): number {
  const { projections, lmHead } = forwardFlopsPerToken(config, 1);
  const attention = config.attention.reduce((sum, pattern) => sum + 4 * config.dModel * attendedKeyCount(pattern, context - 1), 0);
  return projections + lmHead + attention;
}
