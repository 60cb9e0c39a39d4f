/**
 * Every token's bytes back to back in one buffer: token `id` is
 * `bytes[starts[id]..starts[id + 1])`. An empty range means the id has no ordinary token
 * (unused, or a special token). One buffer instead of 50,000 small arrays keeps start-up
 * allocation and garbage collection negligible.
 */
export interface TokenBytes {
  readonly bytes: Uint8Array;
  /** Length: number of ids + 1. */
  readonly starts: Int32Array;
}

/** Packs per-id byte arrays (holes allowed) into a {@link TokenBytes}. */
export function packTokenBytes(tokens: readonly (Uint8Array | undefined)[]): TokenBytes {
  const starts = new Int32Array(tokens.length + 1);
  let total = 0;
  for (let id = 0; id < tokens.length; id++) {
    starts[id] = total;
    total += tokens[id]?.length ?? 0;
  }
  starts[tokens.length] = total;
  const bytes = new Uint8Array(total);
  tokens.forEach((token, id) => {
    if (token !== undefined) bytes.set(token, starts[id]);
  });
  return { bytes, starts };
}

/** Finds the id of a byte string among a {@link TokenBytes}' tokens: open addressing on a hash of the bytes. */
export class TokenBytesIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly tokens: TokenBytes) {
    const count = tokens.starts.length - 1;
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(-1);
    for (let id = 0; id < count; id++) {
      const start = tokens.starts[id]!;
      const end = tokens.starts[id + 1]!;
      if (end === start || this.find(tokens.bytes, start, end) !== -1) continue;
      let slot = hashBytes(tokens.bytes, start, end) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }

  /** Lowest id whose bytes equal `source[start..end)`, or -1. */
  find(source: Uint8Array, start: number, end: number): number {
    const { bytes, starts } = this.tokens;
    const length = end - start;
    for (let slot = hashBytes(source, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id === -1) return -1;
      const tokenStart = starts[id]!;
      if (starts[id + 1]! - tokenStart !== length) continue;
      let equal = true;
      for (let i = 0; i < length; i++) {
        if (bytes[tokenStart + i] !== source[start + i]) {
          equal = false;
          break;
        }
      }
      if (equal) return id;
    }
  }
}

/** FNV-1a over the bytes, finished with a multiply so that low bits mix well. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
}
