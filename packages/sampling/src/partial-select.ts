import type { NumericArray } from './softmax.js';
/**
 * Partial selection, so top-k, top-p and typical-p never sort the whole vocabulary: a bounded
 * min-heap keeps the k best entries in O(V log k) time (most of the 50,257 entries are rejected
 * by a single comparison with the heap's root), and a mass-weighted quickselect finds a nucleus.
 *
 * "Best" is a total order: larger key first, then smaller index, so results are reproducible
 * and equal to a full stable sort by key descending. Entries whose key is `-Infinity` or NaN
 * (masked tokens) are never selected.
 */
export function topKIndices(keys: NumericArray, k: number): Int32Array {
  const heap = new Int32Array(Math.max(0, Math.min(k, keys.length)));
  if (heap.length === 0) return heap;
  const key = (i: number): number => keys[i] ?? -Infinity;
  // a is worse than b: smaller key, or equal key and larger index.
  const worse = (a: number, b: number): boolean => key(a) < key(b) || (key(a) === key(b) && a > b);
  let size = 0;
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heap[l] ?? 0, heap[m] ?? 0)) m = l;
      if (r < size && worse(heap[r] ?? 0, heap[m] ?? 0)) m = r;
      if (m === i) return;
      const tmp = heap[i] ?? 0;
      heap[i] = heap[m] ?? 0;
      heap[m] = tmp;
      i = m;
    }
  };
  for (let i = 0; i < keys.length; i++) {
    const v = key(i);
    if (!(v > -Infinity)) continue;
    if (size < heap.length) {
      // Sift up.
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c] ?? 0, heap[p] ?? 0)) break;
        const tmp = heap[c] ?? 0;
        heap[c] = heap[p] ?? 0;
        heap[p] = tmp;
        c = p;
      }
    } else if (worse(heap[0] ?? 0, i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  // Pop the worst repeatedly, filling from the back: best first.
  const out = new Int32Array(size);
  for (let j = size - 1; j >= 0; j--) {
    out[j] = heap[0] ?? 0;
    heap[0] = heap[--size] ?? 0;
    siftDown(0);
  }
  return out;
}

/**
 * The shortest run of best entries (by `keys`, in the order of {@link topKIndices}) whose
 * probabilities sum to at least `mass`; all selectable entries when they never reach it.
 *
 * A mass-weighted quickselect first isolates the best entries holding a little more than `mass`
 * (expected O(V)); only those are sorted and walked, summing in best-first order exactly as a
 * full sort would, so the boundary is the same to the last bit.
 */
export function prefixReachingMass(keys: NumericArray, probs: NumericArray, mass: number): Int32Array {
  const k = Float64Array.from(keys);
  const p = Float64Array.from(probs);
  // Work buffers: candidates live in `buffer[0 .. count)`; chosen entries are appended to `chosen`.
  let buffer = new Int32Array(k.length);
  let spare = new Int32Array(k.length);
  const chosen = new Int32Array(k.length);
  let count = 0;
  let chosenCount = 0;
  for (let i = 0; i < k.length; i++) if ((k[i] ?? -Infinity) > -Infinity) buffer[count++] = i;
  // The slack covers the rounding difference between this summation order and the final one.
  const target = mass + 1e-9;
  let accumulated = 0;
  while (count > 0 && accumulated < target) {
    const pivot = buffer[count >> 1] ?? 0;
    const pivotKey = k[pivot] ?? -Infinity;
    // Partition: entries better than the pivot to the front of `spare`, worse ones to its back.
    let front = 0;
    let back = count - 1;
    let aboveMass = 0;
    for (let j = 0; j < count; j++) {
      const i = buffer[j] ?? 0;
      if (i === pivot) continue;
      const ki = k[i] ?? -Infinity;
      if (ki > pivotKey || (ki === pivotKey && i < pivot)) {
        spare[front++] = i;
        aboveMass += p[i] ?? 0;
      } else spare[back--] = i;
    }
    [buffer, spare] = [spare, buffer];
    if (accumulated + aboveMass >= target) {
      count = front;
      continue;
    }
    accumulated += aboveMass + (p[pivot] ?? 0);
    chosen.set(buffer.subarray(0, front), chosenCount);
    chosenCount += front;
    chosen[chosenCount++] = pivot;
    // The worse entries sit in buffer[back + 1 .. count); move them to the front.
    buffer.copyWithin(0, back + 1, count);
    count = count - back - 1;
  }
  const best = sortBestFirst(chosen.subarray(0, chosenCount), k);
  let cumulative = 0;
  for (let j = 0; j < best.length; j++) {
    cumulative += p[best[j] ?? 0] ?? 0;
    if (cumulative >= mass) return best.slice(0, j + 1);
  }
  return best.slice();
}

/** Room for the index in a packed sort key: vocabularies of up to 2^21 entries. */
const INDEX_RADIX = 2 ** 21;
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/**
 * Sorts `indices` best first (larger key, then smaller index), in place. A comparator sort of a
 * flat distribution's nucleus (tens of thousands of entries) dominates a sampling step, so when
 * every key is a float32 (logits are) each entry is packed into one float64 instead, the key's
 * order-preserving 32-bit pattern above the inverted index (53 bits), and sorted natively.
 */
function sortBestFirst(indices: Int32Array, keys: Float64Array): Int32Array {
  const packable = keys.length <= INDEX_RADIX && indices.every((i) => Math.fround(keys[i] ?? 0) === keys[i]);
  if (!packable) return indices.sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || a - b);
  const packed = new Float64Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] ?? 0;
    f32[0] = (keys[i] ?? 0) + 0; // + 0 turns −0 into +0: they are equal keys.
    const bits = f32Bits[0] ?? 0;
    // Flip a negative float's bits and set a positive one's sign bit: unsigned order = numeric order.
    const ordered = bits >= 0x80000000 ? ~bits >>> 0 : bits + 0x80000000;
    packed[j] = ordered * INDEX_RADIX + (INDEX_RADIX - 1 - i);
  }
  packed.sort();
  for (let j = 0; j < indices.length; j++) {
    indices[j] = INDEX_RADIX - 1 - ((packed[indices.length - 1 - j] ?? 0) % INDEX_RADIX);
  }
  return indices;
}

/** Sets every entry not listed in `keep` to `-Infinity`. */
export function maskAllExcept(logits: Float32Array, keep: NumericArray): void {
  const kept = new Float32Array(keep.length);
  for (let j = 0; j < keep.length; j++) kept[j] = logits[keep[j] ?? 0] ?? -Infinity;
  logits.fill(-Infinity);
  for (let j = 0; j < keep.length; j++) logits[keep[j] ?? 0] = kept[j] ?? -Infinity;
}
