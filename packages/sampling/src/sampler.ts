import type { Random } from '@fewshot/common';
import type { NumericArray } from './softmax.js';
import { Scratch } from './scratch.js';
import { argmax, maxFinite } from './softmax.js';

/** Greedy decoding: the most likely token (the lowest id on ties). */
export function greedyToken(logits: NumericArray): number {
  const id = argmax(logits);
  if (id === -1) throw new Error('every token is masked: the logits processors left nothing to generate');
  return id;
}

const weightScratch = new Scratch((n) => new Float64Array(n));

/**
 * One multinomial draw from softmax(logits): a uniform u ∈ [0, 1) from `rng` (`next()` of the
 * sfc32 generator of `@fewshot/common`) is scaled by the total unnormalised mass and the tokens are
 * walked in id order until the running sum passes it. One RNG float per token, so the same seed
 * and logits give the same token everywhere.
 */
export function sampleToken(logits: NumericArray, rng: Random): number {
  const max = maxFinite(logits);
  if (max === -Infinity) throw new Error('every token is masked: the logits processors left nothing to generate');
  const n = logits.length;
  const weights = weightScratch.take(n);
  const total = logits instanceof Float32Array ? weighFloat32(logits, max, weights) : weighAny(logits, max, weights);
  const target = rng.next() * total;
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    cumulative += w;
    last = i;
    if (cumulative > target) return i;
  }
  // Rounding left the running sum a hair below the target: the last possible token.
  return last;
}

/**
 * exp(logit − max) of each token into `weights`, and their sum. After top-k or top-p most
 * logits are −∞, whose weight is exactly 0 without calling `Math.exp` (the costly part).
 */
function weighFloat32(logits: Float32Array, max: number, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    const w = v === -Infinity ? 0 : Math.exp(v - max);
    weights[i] = w;
    total += w;
  }
  return total;
}

function weighAny(logits: Exclude<NumericArray, Float32Array>, max: number, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const w = Math.exp((logits[i] ?? -Infinity) - max);
    weights[i] = w;
    total += w;
  }
  return total;
}
