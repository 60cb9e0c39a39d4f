import { Scratch } from './scratch.js';

/*
 * Sorting a nucleus best first is what top-p and typical-p spend their time on when the
 * distribution is flat: tens of thousands of entries. A comparator sort of that many float64 keys
 * took several milliseconds a token; this LSD radix sort is linear, exact for every float64
 * (−0 equal to +0, ±Infinity included), and gives the same order as a full stable sort.
 */

/** Bits per radix digit: 2,048 buckets, so a 64-bit key takes 6 passes and a vocabulary index 2. */
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const LOW = 1 - HIGH;
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

const highScratch = new Scratch((n) => new Uint32Array(n));
const lowScratch = new Scratch((n) => new Uint32Array(n));
const idScratch = new Scratch((n) => new Uint32Array(n));
const spareScratch = new Scratch((n) => new Int32Array(n));
const counts = new Int32Array(BUCKETS);

/**
 * Sorts `indices[0 .. count)` in place best first: larger `keys[i]` first, then smaller index.
 * Keys must not be NaN (selection never passes a NaN key here). Indices must be in
 * `[0, keys.length)`.
 */
export function sortBestFirst(indices: Int32Array, count: number, keys: Float64Array): void {
  if (count < 2) return;
  // Each key as two 32-bit words whose unsigned order is the keys' descending order: a negative
  // float's bits already rise as it falls; a non-negative one's are flipped below the sign bit.
  const high = highScratch.take(keys.length);
  const low = lowScratch.take(keys.length);
  const ids = idScratch.take(keys.length);
  let lowBits = 0;
  let maxId = 0;
  for (let j = 0; j < count; j++) {
    const i = indices[j]!;
    float[0] = keys[i]! + 0; // + 0 turns −0 into +0: they are equal keys.
    const h = words[HIGH]!;
    const l = words[LOW]!;
    lowBits |= l;
    if (h >= 0x80000000) {
      high[i] = h;
      low[i] = l;
    } else {
      high[i] = ~h & 0x7fffffff;
      low[i] = ~l >>> 0;
    }
    ids[i] = i;
    if (i > maxId) maxId = i;
  }
  // Least significant digit first: index (the tie-break), then the low word, then the high one.
  // A float32 key widened to float64 has an all-zero low word: those passes are skipped.
  let from: Int32Array = indices;
  let to: Int32Array = spareScratch.take(count);
  const pass = (source: Uint32Array, shift: number): void => {
    if (radixPass(from, to, count, source, shift)) [from, to] = [to, from];
  };
  for (let shift = 0; shift < 32 && maxId >>> shift > 0; shift += DIGIT_BITS) pass(ids, shift);
  if (lowBits !== 0) for (let shift = 0; shift < 32; shift += DIGIT_BITS) pass(low, shift);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) pass(high, shift);
  if (from !== indices) indices.set(from.subarray(0, count));
}

/**
 * One stable counting-sort pass of `from[0 .. count)` into `to` by the digit of `source[i]` at
 * `shift`. Returns false, moving nothing, when every entry has the same digit.
 */
function radixPass(from: Int32Array, to: Int32Array, count: number, source: Uint32Array, shift: number): boolean {
  counts.fill(0);
  for (let j = 0; j < count; j++) counts[(source[from[j]!]! >>> shift) & (BUCKETS - 1)]!++;
  if (counts[(source[from[0]!]! >>> shift) & (BUCKETS - 1)] === count) return false;
  let start = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[d]!;
    counts[d] = start;
    start += c;
  }
  for (let j = 0; j < count; j++) {
    const i = from[j]!;
    to[counts[(source[i]! >>> shift) & (BUCKETS - 1)]!++] = i;
  }
  return true;
}
