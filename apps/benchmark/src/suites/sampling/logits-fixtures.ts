import { createRandom } from '@fewshot/common';
import type { LanguageModel } from '@fewshot/sampling';

/** A next-token distribution shape the sampling suite runs on. */
export interface LogitsShape {
  readonly name: string;
  readonly describe: string;
  /** `count` different logits rows of `vocabSize`, deterministic for a seed. */
  rows(vocabSize: number, count: number, seed: number): Float32Array[];
}

/** Uniform floats in [0, 1) from a seed (sfc32 of `@fewshot/common`): the fixtures are the same on every run. */
function uniform(seed: number): () => number {
  const random = createRandom(seed, 'logits fixtures');
  return () => random.next();
}

/** A random permutation of 0 .. n − 1 (Fisher–Yates). */
function permutation(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Zipf-like logits, as a language model's next-token distribution is: the token of rank r has
 * probability ∝ r^−exponent, the ranks scattered over the ids at random (the likely tokens of
 * a real model are not the low ids).
 */
export function zipfLogits(exponent: number): LogitsShape {
  return {
    name: `Zipf (s = ${exponent})`,
    describe: `p(rank r) ∝ r^−${exponent}, ranks at random ids`,
    rows(vocabSize, count, seed) {
      const random = uniform(seed);
      return Array.from({ length: count }, () => {
        const ranks = permutation(vocabSize, random);
        return Float32Array.from(ranks, (rank) => -exponent * Math.log(rank + 1));
      });
    },
  };
}

/**
 * Logits drawn uniformly from ±`spread`: a high-entropy, near-flat distribution, where a nucleus holds most of the
 * vocabulary.
 */
export function flatLogits(spread: number): LogitsShape {
  return {
    name: `flat (±${spread})`,
    describe: `logits uniform in [−${spread}, ${spread}]`,
    rows(vocabSize, count, seed) {
      const random = uniform(seed);
      return Array.from({ length: count }, () =>
        Float32Array.from({ length: vocabSize }, () => (random() * 2 - 1) * spread),
      );
    },
  };
}

/**
 * A `LanguageModel` whose forward pass costs nothing: it returns prepared logits rows in turn.
 * Everything `generate` spends beyond it is the sampling pipeline, which is what is timed.
 */
export function replayModel(rows: readonly Float32Array[], contextLength: number): LanguageModel<{ length: number }> {
  const vocabSize = rows[0]?.length ?? 0;
  let next = 0;
  return {
    vocabSize,
    contextLength,
    createCache: () => ({ length: 0 }),
    nextTokenLogits(ids, cache) {
      cache.length += ids.length;
      const row = rows[next % rows.length]!;
      next++;
      return row;
    },
    forkCache: (cache) => ({ ...cache }),
  };
}
