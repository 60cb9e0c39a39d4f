/** Logits, probabilities or keys: the array types this package computes on. */
export type NumericArray = Float32Array | Float64Array | Int32Array | readonly number[];

/*
 * Every function here has a Float32Array kernel beside the general one. Logits are always
 * Float32Array on the per-token path, and a loop that V8 has seen with several array types
 * (Float32Array, Float64Array, number[]) reads each element through a megamorphic access, several
 * times slower than a monomorphic one: over 50,257 logits that was most of a greedy step. The
 * kernels compute exactly what the general loops compute, in the same order.
 */

/**
 * Softmax over logits in float64. Masked entries (`-Infinity`) get probability 0. Computing in
 * float64 keeps the cumulative sums of top-p and the multinomial draw stable over 50k entries.
 */
export function softmax(logits: NumericArray): Float64Array {
  const probs = new Float64Array(logits.length);
  if (logits instanceof Float32Array) return softmaxInto(logits, probs);
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

/** {@link softmax} of float32 logits into `out` (at least as long), which the caller may reuse. */
export function softmaxInto(logits: Float32Array, out: Float64Array): Float64Array {
  const n = logits.length;
  const max = maxFiniteF32(logits);
  if (max === -Infinity) return out.fill(0, 0, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = logits[i]!;
    // exp(−∞) is exactly 0: skipping the call for masked entries changes nothing.
    const p = v === -Infinity ? 0 : Math.exp(v - max);
    out[i] = p;
    sum += p;
  }
  for (let i = 0; i < n; i++) out[i] = out[i]! / sum;
  return out;
}

/** Natural-log softmax; `-Infinity` for masked entries. */
export function logSoftmax(logits: NumericArray): Float64Array {
  const out = new Float64Array(logits.length);
  if (logits instanceof Float32Array) return logSoftmaxInto(logits, out, logSumExpF32(logits));
  const logZ = logSumExp(logits);
  for (let i = 0; i < logits.length; i++) out[i] = (logits[i] ?? -Infinity) - logZ;
  return out;
}

/** {@link logSoftmax} of float32 logits into `out`, given their `logZ` (`logSumExp(logits)`). */
export function logSoftmaxInto(logits: Float32Array, out: Float64Array, logZ: number): Float64Array {
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - logZ;
  return out;
}

/**
 * log Σ exp(logits), the log of softmax's normaliser, shifted by the maximum so no term
 * overflows. A token's log-probability is its logit minus this: one pass, no output array.
 */
export function logSumExp(logits: NumericArray): number {
  if (logits instanceof Float32Array) return logSumExpF32(logits);
  const max = maxFinite(logits);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** {@link logSumExp} for float32 logits. */
export function logSumExpF32(logits: Float32Array): number {
  const max = maxFiniteF32(logits);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  // Indexed, not for-of: V8 runs a for-of over a typed array several times slower.
  // eslint-disable-next-line @typescript-eslint/prefer-for-of
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v !== -Infinity) sum += Math.exp(v - max);
  }
  return max + Math.log(sum);
}

/** Largest entry, `-Infinity` when every entry is masked. */
export function maxFinite(values: NumericArray): number {
  if (values instanceof Float32Array) return maxFiniteF32(values);
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** {@link maxFinite} for float32 values. */
export function maxFiniteF32(values: Float32Array): number {
  let max = -Infinity;
  // Indexed, not for-of: V8 runs a for-of over a typed array several times slower.
  // eslint-disable-next-line @typescript-eslint/prefer-for-of
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  return max;
}

/** Index of the largest entry (the first one on ties), or -1 when every entry is masked. */
export function argmax(values: NumericArray): number {
  if (values instanceof Float32Array) return argmaxF32(values);
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

/** {@link argmax} for float32 values. */
export function argmaxF32(values: Float32Array): number {
  let best = -1;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}
