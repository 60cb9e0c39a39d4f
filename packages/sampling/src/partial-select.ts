import type { NumericArray } from './softmax.js';
/**
 * Partial selection, so top-k, top-p and typical-p never sort the whole vocabulary: a bounded
 * min-heap keeps the k best entries in O(V log k) time, and most of the 50,257 entries are
 * rejected by a single comparison with the heap's root.
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
 * The shortest run of best entries (by `keys`, as in {@link topKIndices}) whose probabilities
 * sum to at least `mass`; all selectable entries when they never reach it. Grows the selection
 * geometrically, so a peaked distribution costs one pass with a small heap.
 */
export function prefixReachingMass(keys: NumericArray, probs: NumericArray, mass: number): Int32Array {
  for (let k = Math.min(64, keys.length); ; k = Math.min(k * 4, keys.length)) {
    const best = topKIndices(keys, k);
    let cumulative = 0;
    for (let j = 0; j < best.length; j++) {
      cumulative += probs[best[j] ?? 0] ?? 0;
      if (cumulative >= mass) return best.subarray(0, j + 1);
    }
    if (best.length < k || k === keys.length) return best;
  }
}

/** Sets every entry not listed in `keep` to `-Infinity`. */
export function maskAllExcept(logits: Float32Array, keep: NumericArray): void {
  const kept = new Float32Array(keep.length);
  for (let j = 0; j < keep.length; j++) kept[j] = logits[keep[j] ?? 0] ?? -Infinity;
  logits.fill(-Infinity);
  for (let j = 0; j < keep.length; j++) logits[keep[j] ?? 0] = kept[j] ?? -Infinity;
}
