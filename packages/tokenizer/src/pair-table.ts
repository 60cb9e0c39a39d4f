/**
 * The merge table of a byte-pair encoding: (left token, right token) → (rank, merged token),
 * an open-addressing hash table over typed arrays. Lookups are the inner loop of BPE, and this
 * is several times faster than a `Map` keyed by strings or by `left * n + right` doubles.
 */
export class PairTable {
  private readonly lefts: Int32Array;
  private readonly rights: Int32Array;
  private readonly ranks: Int32Array;
  private readonly merged: Int32Array;
  private readonly mask: number;
  private count = 0;

  constructor(expectedPairs: number) {
    let capacity = 16;
    while (capacity < expectedPairs * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.lefts = new Int32Array(capacity).fill(-1);
    this.rights = new Int32Array(capacity);
    this.ranks = new Int32Array(capacity);
    this.merged = new Int32Array(capacity);
  }

  /** Number of pairs stored. */
  get size(): number {
    return this.count;
  }

  private slot(left: number, right: number): number {
    return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  }

  /**
   * Records that `left` followed by `right` merges into `merged` with priority `rank` (lower
   * merges first). The first rank recorded for a pair wins, as in a merges file read top down.
   */
  set(left: number, right: number, rank: number, merged: number): void {
    if (this.count * 2 >= this.mask) throw new RangeError(`PairTable holds at most ${this.mask >> 1} pairs`);
    let i = this.slot(left, right) & this.mask;
    for (;;) {
      const stored = this.lefts[i]!;
      if (stored === -1) {
        this.lefts[i] = left;
        this.rights[i] = right;
        this.ranks[i] = rank;
        this.merged[i] = merged;
        this.count += 1;
        return;
      }
      if (stored === left && this.rights[i] === right) return;
      i = (i + 1) & this.mask;
    }
  }

  /** Slot index of the pair, or -1 when the pair never merges. */
  find(left: number, right: number): number {
    let i = this.slot(left, right) & this.mask;
    for (;;) {
      const stored = this.lefts[i]!;
      if (stored === -1) return -1;
      if (stored === left && this.rights[i] === right) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Rank of the pair, or -1 when the pair never merges. */
  rank(left: number, right: number): number {
    const slot = this.find(left, right);
    return slot === -1 ? -1 : this.ranks[slot]!;
  }

  /** Rank (merge priority, lower first) of the pair in slot `slot` (from {@link find}). */
  rankAt(slot: number): number {
    return this.ranks[slot]!;
  }

  /** Token that the pair in slot `slot` (from {@link find}) merges into. */
  mergedAt(slot: number): number {
    return this.merged[slot]!;
  }
}
