/** Logits, probabilities or keys: the array types this package computes on. */
export type NumericArray = Float32Array | Float64Array | Int32Array | readonly number[];

/**
 * Softmax over logits in float64. Masked entries (`-Infinity`) get probability 0. Computing in
 * float64 keeps the cumulative sums of top-p and the multinomial draw stable over 50k entries.
 */
export function softmax(logits: NumericArray): Float64Array {
  const probs = new Float64Array(logits.length);
  const max = maxFinite(logits);
  if (max === -Infinity) return probs;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp((logits[i] ?? -Infinity) - max);
    probs[i] = p;
    sum += p;
  }
  for (let i = 0; i < probs.length; i++) probs[i] = (probs[i] ?? 0) / sum;
  return probs;
}

/** Natural-log softmax; `-Infinity` for masked entries. */
export function logSoftmax(logits: NumericArray): Float64Array {
  const out = new Float64Array(logits.length);
  const logZ = logSumExp(logits);
  for (let i = 0; i < logits.length; i++) out[i] = (logits[i] ?? -Infinity) - logZ;
  return out;
}

/**
 * log Σ exp(logits), the log of softmax's normaliser, shifted by the maximum so no term
 * overflows. A token's log-probability is its logit minus this: one pass, no output array.
 */
export function logSumExp(logits: NumericArray): number {
  const max = maxFinite(logits);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Largest entry, `-Infinity` when every entry is masked. */
export function maxFinite(values: NumericArray): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Index of the largest entry (the first one on ties), or -1 when every entry is masked. */
export function argmax(values: NumericArray): number {
  let best = -1;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? -Infinity;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}
