import type { NumericArray } from './softmax.js';
import { sortBestFirst } from './best-first-sort.js';
import { Scratch } from './scratch.js';

/**
 * Partial selection, so top-k, top-p and typical-p never sort the whole vocabulary: a bounded
 * min-heap keeps the k best entries in O(V log k) time (most of the 50,257 entries are rejected
 * by a single comparison with the heap's root), and a mass-weighted quickselect finds a nucleus.
 *
 * "Best" is a total order: larger key first, then smaller index, so results are reproducible
 * and equal to a full stable sort by key descending. Entries whose key is `-Infinity` or NaN
 * (masked tokens) are never selected.
 *
 * Both work on float64 copies of their inputs held in reused buffers: the loops then see one
 * array type whatever the caller passed (a loop fed several types reads each entry several times
 * slower), and a step allocates nothing vocabulary-sized.
 */
export function topKIndices(keys: NumericArray, k: number): Int32Array {
  const heapSize = Math.max(0, Math.min(k, keys.length));
  if (heapSize === 0) return new Int32Array(0);
  return topKOf(copyToFloat64(keys, topKKeys), keys.length, heapSize);
}

const topKKeys = new Scratch((n) => new Float64Array(n));
const heapScratch = new Scratch((n) => new Int32Array(n));

function topKOf(key: Float64Array, n: number, capacity: number): Int32Array {
  const heap = heapScratch.take(capacity);
  // heap[0] is the worst kept entry; a is worse than b: smaller key, or equal key and larger index.
  let size = 0;
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heap[l]!, heap[m]!)) m = l;
      if (r < size && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const tmp = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = tmp;
      i = m;
    }
  };
  const worse = (a: number, b: number): boolean => {
    const ka = key[a]!;
    const kb = key[b]!;
    return ka < kb || (ka === kb && a > b);
  };
  for (let i = 0; i < n; i++) {
    const v = key[i]!;
    if (!(v > -Infinity)) continue;
    if (size < capacity) {
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        const tmp = heap[c]!;
        heap[c] = heap[p]!;
        heap[p] = tmp;
        c = p;
      }
    } else {
      // Most entries stop here: not better than the worst kept one.
      const root = heap[0]!;
      const kr = key[root]!;
      if (v > kr || (v === kr && i < root)) {
        heap[0] = i;
        siftDown();
      }
    }
  }
  // Pop the worst repeatedly, filling from the back: best first.
  const out = new Int32Array(size);
  for (let j = size - 1; j >= 0; j--) {
    out[j] = heap[0]!;
    heap[0] = heap[--size]!;
    siftDown();
  }
  return out;
}

/**
 * The shortest run of best entries (by `keys`, in the order of {@link topKIndices}) whose
 * probabilities sum to at least `mass`; all selectable entries when they never reach it.
 *
 * A mass-weighted quickselect isolates the best entries holding `mass` (expected O(V)); the
 * result is exactly what summing a full sort best first gives, to the last bit (see
 * {@link prefixReachingMassOf}). Best first.
 */
export function prefixReachingMass(keys: NumericArray, probs: NumericArray, mass: number): Int32Array {
  const n = keys.length;
  const p = copyToFloat64(probs, massProbs, n);
  // A key without a probability has none.
  if (probs.length < n) p.fill(0, probs.length, n);
  return prefixReachingMassOf(copyToFloat64(keys, massKeys), p, n, mass, true).slice();
}

const massKeys = new Scratch((n) => new Float64Array(n));
const massProbs = new Scratch((n) => new Float64Array(n));
const bufferScratch = new Scratch((n) => new Int32Array(n));
const spareScratch = new Scratch((n) => new Int32Array(n));
const chosenScratch = new Scratch((n) => new Int32Array(n));

/**
 * {@link prefixReachingMass} over the first `n` entries of float64 `k` and `p`, returned as a
 * view of a reused buffer: valid until the next call, for a caller that reads it at once. Best
 * first when `ordered`, otherwise in no particular order (a warper only masks the rest).
 *
 * The quickselect sums masses in partition order, not best first, and float addition rounds
 * differently in another order, but by at most n·2⁻⁵³ of the total for sums of non-negative
 * terms. When the mass before the entry that crosses `mass` is below it, and the mass with it
 * above it, both by more than that bound, the best-first sums cross at the same entry and the
 * selection is the answer without sorting it. Otherwise (rare: the crossing falls within about
 * 1e-11 of `mass`), or when the order is wanted, the selection is radix-sorted and walked best
 * first, as a full sort would be.
 */
export function prefixReachingMassOf(
  k: Float64Array,
  p: Float64Array,
  n: number,
  mass: number,
  ordered = false,
): Int32Array {
  // Candidates live in `buffer[0 .. count)`; chosen entries are appended to `chosen`.
  let buffer = bufferScratch.take(n);
  let spare = spareScratch.take(n);
  const chosen = chosenScratch.take(n);
  // Selection overshoots `mass` by this much, so the sorted walk below (when it runs) crosses it.
  const target = mass + 1e-9;
  const start = presplit(k, p, n, target, buffer, chosen);
  let count = start.count;
  let chosenCount = start.chosenCount;
  let accumulated = start.accumulated;
  // The mass before the last pivot chosen (the entry that crossed `target`).
  let beforeCrossing = 0;
  while (count > 0 && accumulated < target) {
    const pivot = buffer[count >> 1]!;
    const pivotKey = k[pivot]!;
    // Partition: entries better than the pivot to the front of `spare`, worse ones to its back.
    let front = 0;
    let back = count - 1;
    let aboveMass = 0;
    for (let j = 0; j < count; j++) {
      const i = buffer[j]!;
      if (i === pivot) continue;
      const ki = k[i]!;
      if (ki > pivotKey || (ki === pivotKey && i < pivot)) {
        spare[front++] = i;
        aboveMass += p[i]!;
      } else spare[back--] = i;
    }
    const swap = buffer;
    buffer = spare;
    spare = swap;
    if (accumulated + aboveMass >= target) {
      count = front;
      continue;
    }
    beforeCrossing = accumulated + aboveMass;
    accumulated += aboveMass + p[pivot]!;
    chosen.set(buffer.subarray(0, front), chosenCount);
    chosenCount += front;
    chosen[chosenCount++] = pivot;
    // The worse entries sit in buffer[back + 1 .. count); move them to the front.
    buffer.copyWithin(0, back + 1, count);
    count = count - back - 1;
  }
  if (!ordered) {
    const bound = n * 2 ** -51 * accumulated;
    // Crossed: the last pivot is the first entry whose best-first sum reaches `mass`.
    const crossed = accumulated >= target && beforeCrossing + bound < mass && accumulated - bound >= mass;
    // Exhausted: every entry chosen, and their sum stays below `mass` in any order.
    const exhausted = count === 0 && accumulated + bound < mass;
    if (crossed || exhausted) return chosen.subarray(0, chosenCount);
  }
  sortBestFirst(chosen, chosenCount, k);
  let cumulative = 0;
  for (let j = 0; j < chosenCount; j++) {
    cumulative += p[chosen[j]!]!;
    if (cumulative >= mass) return chosen.subarray(0, j + 1);
  }
  return chosen.subarray(0, chosenCount);
}

/** Buckets of {@link presplit}: a flat row's crossing bucket then holds a dozen entries. */
const BUCKETS = 4096;
const bucketMass = new Float64Array(BUCKETS);
const bucketScratch = new Scratch((n) => new Int32Array(n));

/**
 * Starts the quickselect close to the answer, in two passes with no data-dependent swaps: the
 * selectable entries are bucketed by key (equal-width buckets between the largest and smallest
 * key, best first; a monotone map, so every entry of a bucket is better than every entry of a
 * later one, and equal keys share one), the bucket where the mass crosses `target` is found, the
 * better buckets' entries go to `chosen` and the crossing bucket's to `buffer` for the
 * quickselect. The quickselect alone partitions the whole row two or three times over.
 *
 * It falls back to putting every selectable entry in `buffer` (the plain quickselect) when the
 * keys have no finite range, or when the crossing bucket's sum is too close to `target` for the
 * quickselect's own sums (another order, other rounding) to be sure to cross inside it.
 */
function presplit(
  k: Float64Array,
  p: Float64Array,
  n: number,
  target: number,
  buffer: Int32Array,
  chosen: Int32Array,
): { count: number; chosenCount: number; accumulated: number } {
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = k[i]!;
    if (v > -Infinity) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
  }
  const scale = (BUCKETS - 1) / (max - min);
  const bucketOf = bucketScratch.take(n);
  let crossing = -1;
  let before = 0;
  if (max < Infinity && min < max && scale < Infinity) {
    bucketMass.fill(0);
    for (let i = 0; i < n; i++) {
      const v = k[i]!;
      if (v > -Infinity) {
        const b = Math.min(BUCKETS - 1, Math.floor((max - v) * scale));
        bucketOf[i] = b;
        bucketMass[b]! += p[i]!;
      }
    }
    for (let b = 0; b < BUCKETS; b++) {
      const reached = before + bucketMass[b]!;
      if (reached >= target) {
        // Room for the rounding of two summation orders of n non-negative terms.
        if (reached - n * 2 ** -50 * reached > target) crossing = b;
        break;
      }
      before = reached;
    }
  }
  let count = 0;
  if (crossing === -1) {
    for (let i = 0; i < n; i++) if (k[i]! > -Infinity) buffer[count++] = i;
    return { count, chosenCount: 0, accumulated: 0 };
  }
  let chosenCount = 0;
  for (let i = 0; i < n; i++) {
    if (k[i]! > -Infinity) {
      const b = bucketOf[i]!;
      if (b < crossing) chosen[chosenCount++] = i;
      else if (b === crossing) buffer[count++] = i;
    }
  }
  return { count, chosenCount, accumulated: before };
}

/** `values` as float64 in a reused buffer (exact: every input type widens without rounding). */
function copyToFloat64(values: NumericArray, scratch: Scratch<Float64Array>, minLength = 0): Float64Array {
  const out = scratch.take(Math.max(values.length, minLength));
  if (ArrayBuffer.isView(values)) out.set(values);
  else for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

const keptScratch = new Scratch((n) => new Float32Array(n));

/** Sets every entry not listed in `keep` to `-Infinity`. */
export function maskAllExcept(logits: Float32Array, keep: Int32Array): void {
  const kept = keptScratch.take(keep.length);
  for (let j = 0; j < keep.length; j++) kept[j] = logits[keep[j]!]!;
  logits.fill(-Infinity);
  for (let j = 0; j < keep.length; j++) logits[keep[j]!] = kept[j]!;
}
