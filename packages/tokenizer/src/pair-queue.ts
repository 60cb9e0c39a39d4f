/**
 * The pair statistics of BPE training: how often each adjacent token pair occurs across the
 * corpus's words (weighted by word count), which words contain it, and a max-heap to find the
 * most frequent pair. A merge rescans only the words that contain the merged pair.
 */

const RIGHT_BITS = 2 ** 21;

function pairKey(left: number, right: number): number {
  return left * RIGHT_BITS + right;
}

export class PairQueue {
  private readonly pairCounts = new Map<number, number>();
  private readonly wordsWith = new Map<number, Set<number>>();
  /** Max-heap entries: [count, key]; an entry whose count is no longer current is stale. */
  private readonly heap: [number, number][] = [];
  private readonly lengths: Int32Array;

  /** `words` are modified in place as merges apply. */
  constructor(
    private readonly words: Int32Array[],
    private readonly counts: readonly number[],
  ) {
    this.lengths = Int32Array.from(words, (word) => word.length);
    words.forEach((_, index) => {
      this.addPairs(index);
    });
    for (const [key, count] of this.pairCounts) this.push(count, key);
  }

  /** The most frequent pair with at least `minFrequency` occurrences, or undefined; it is consumed. */
  popMostFrequent(minFrequency: number): [number, number] | undefined {
    while (this.heap.length > 0) {
      const [count, key] = this.pop();
      const current = this.pairCounts.get(key) ?? 0;
      if (current !== count) {
        // Counts of existing pairs only fall, so a stale entry is re-queued at its current count.
        if (current > 0) this.push(current, key);
        continue;
      }
      if (count < minFrequency) return undefined;
      return [Math.floor(key / RIGHT_BITS), key % RIGHT_BITS];
    }
    return undefined;
  }

  /** Replaces every occurrence of `left right` (left to right, without overlap) by `merged`. */
  merge(left: number, right: number, merged: number): void {
    const key = pairKey(left, right);
    const affected = this.wordsWith.get(key) ?? new Set<number>();
    this.wordsWith.delete(key);
    const touched = new Set<number>();
    for (const index of affected) {
      const word = this.words[index]!;
      let length = this.lengths[index]!;
      this.removePairs(index);
      let out = 0;
      for (let i = 0; i < length; i++) {
        if (i + 1 < length && word[i] === left && word[i + 1] === right) {
          word[out++] = merged;
          i += 1;
        } else {
          word[out++] = word[i]!;
        }
      }
      length = out;
      this.lengths[index] = length;
      for (let i = 0; i + 1 < length; i++) touched.add(pairKey(word[i]!, word[i + 1]!));
      this.addPairs(index);
    }
    this.pairCounts.delete(key);
    for (const pair of touched) {
      const count = this.pairCounts.get(pair);
      if (count !== undefined && count > 0) this.push(count, pair);
    }
  }

  private addPairs(index: number): void {
    this.forEachPair(index, (key, count) => {
      this.pairCounts.set(key, (this.pairCounts.get(key) ?? 0) + count);
      let words = this.wordsWith.get(key);
      if (words === undefined) this.wordsWith.set(key, (words = new Set()));
      words.add(index);
    });
  }

  private removePairs(index: number): void {
    this.forEachPair(index, (key, count) => this.pairCounts.set(key, (this.pairCounts.get(key) ?? 0) - count));
  }

  private forEachPair(index: number, visit: (key: number, count: number) => void): void {
    const word = this.words[index]!;
    const length = this.lengths[index]!;
    const count = this.counts[index]!;
    for (let i = 0; i + 1 < length; i++) visit(pairKey(word[i]!, word[i + 1]!), count);
  }

  /** Heap order: higher count first, then the smaller key (left id, then right id). */
  private before(a: [number, number], b: [number, number]): boolean {
    return a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  private push(count: number, key: number): void {
    const heap = this.heap;
    heap.push([count, key]);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): [number, number] {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, heap[i]!)) break;
      [heap[i], heap[child]] = [heap[child]!, heap[i]!];
      i = child;
    }
    return top;
  }
}
