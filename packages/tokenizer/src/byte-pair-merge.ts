import type { PairTable } from './pair-table.js';

/**
 * Byte-pair merging of one pre-tokenized piece: repeatedly merge the adjacent pair with the
 * lowest rank, the leftmost one on ties, until no adjacent pair merges. This is tiktoken's and
 * Hugging Face tokenizers' rule. Short pieces use a flat array scan (fast for the usual word
 * of a few bytes); long ones a binary heap over a linked list, O(n log n), so a run of 100,000
 * identical characters takes a fraction of a second instead of minutes.
 */

/** Pieces longer than this many bytes go through the heap. */
const HEAP_THRESHOLD = 64;
const NO_MERGE = 0x7fffffff;

/** Scratch space reused across calls (encoding is single-threaded and not re-entrant). */
let slots = new Int32Array(256);
let ranks = new Int32Array(256);

function ensureScratch(n: number): void {
  if (slots.length >= n) return;
  slots = new Int32Array(n * 2);
  ranks = new Int32Array(n * 2);
}

/**
 * Merges `ids[0..n)` in place (each entry a token, initially one per byte) and returns the
 * number of tokens left at the front of `ids`.
 */
export function mergePiece(table: PairTable, ids: Int32Array, n: number): number {
  if (n < 2) return n;
  if (n > HEAP_THRESHOLD) return mergeWithHeap(table, ids, n);
  ensureScratch(n);
  for (let i = 0; i < n - 1; i++) setPair(table, ids, i);
  let length = n;
  for (;;) {
    let best = -1;
    let bestRank = NO_MERGE;
    for (let i = 0; i < length - 1; i++) {
      const rank = ranks[i]!;
      if (rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best === -1) return length;
    ids[best] = table.mergedAt(slots[best]!);
    ids.copyWithin(best + 1, best + 2, length);
    slots.copyWithin(best + 1, best + 2, length - 1);
    ranks.copyWithin(best + 1, best + 2, length - 1);
    length -= 1;
    if (best > 0) setPair(table, ids, best - 1);
    if (best < length - 1) setPair(table, ids, best);
  }
}

function setPair(table: PairTable, ids: Int32Array, i: number): void {
  const slot = table.find(ids[i]!, ids[i + 1]!);
  slots[i] = slot;
  ranks[i] = slot === -1 ? NO_MERGE : table.rankAt(slot);
}

/** A binary min-heap of (rank, position) pairs, ordered by rank then position. */
class PairHeap {
  private readonly ranks: Int32Array;
  private readonly positions: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.ranks = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  private less(a: number, b: number): boolean {
    const ra = this.ranks[a]!;
    const rb = this.ranks[b]!;
    return ra < rb || (ra === rb && this.positions[a]! < this.positions[b]!);
  }

  private swap(a: number, b: number): void {
    const rank = this.ranks[a]!;
    const position = this.positions[a]!;
    this.ranks[a] = this.ranks[b]!;
    this.positions[a] = this.positions[b]!;
    this.ranks[b] = rank;
    this.positions[b] = position;
  }

  push(rank: number, position: number): void {
    let i = this.size++;
    this.ranks[i] = rank;
    this.positions[i] = position;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  topRank(): number {
    return this.ranks[0]!;
  }

  topPosition(): number {
    return this.positions[0]!;
  }

  pop(): void {
    this.size -= 1;
    this.swap(0, this.size);
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.less(right, left) ? right : left;
      if (!this.less(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}

function mergeWithHeap(table: PairTable, ids: Int32Array, n: number): number {
  // Tokens live at their first byte's position; `next`/`prev` link the live positions.
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const removed = new Uint8Array(n);
  // Each merge pushes at most two pairs, so 3n bounds the heap.
  const heap = new PairHeap(3 * n);
  const pushPair = (position: number): void => {
    const after = next[position]!;
    if (after >= n) return;
    const rank = table.rank(ids[position]!, ids[after]!);
    if (rank !== -1) heap.push(rank, position);
  };
  for (let i = 0; i < n - 1; i++) pushPair(i);
  while (heap.size > 0) {
    const rank = heap.topRank();
    const position = heap.topPosition();
    heap.pop();
    if (removed[position] === 1) continue;
    const after = next[position]!;
    if (after >= n) continue;
    // An entry is stale once either token changed; the pair's current rank tells.
    const slot = table.find(ids[position]!, ids[after]!);
    if (slot === -1 || table.rankAt(slot) !== rank) continue;
    ids[position] = table.mergedAt(slot);
    removed[after] = 1;
    const following = next[after]!;
    next[position] = following;
    if (following < n) prev[following] = position;
    const before = prev[position]!;
    if (before >= 0) pushPair(before);
    pushPair(position);
  }
  let length = 0;
  for (let i = 0; i < n; i = next[i]!) ids[length++] = ids[i]!;
  return length;
}
