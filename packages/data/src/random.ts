import { DataError } from './data-error.js';

/** A seeded source of randomness: the same seed gives the same sequence on every platform. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements in random order (a partial Fisher–Yates shuffle). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * sfc32 seeded through splitmix32, from an integer seed and a purpose label. Streams for
 * different purposes ("train episodes", "held-out task files") never share state even with
 * the same numeric seed, which is how the bundled evaluation tasks stay disjoint from training.
 */
export function createRandom(seed: number, purpose = ''): Random {
  if (!Number.isSafeInteger(seed)) throw new DataError('seed', seed, 'expected a safe integer');
  let mix = hashString(purpose) ^ (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32 mixes poorly for its first outputs; discard them as its author recommends.
  for (let i = 0; i < 12; i++) next();

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1) throw new DataError('n', n, 'expected an integer >= 1');
    return Math.floor(next() * n);
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    if (!Number.isInteger(count) || count < 0 || count > items.length) {
      throw new DataError('count', count, `expected an integer in 0..${items.length}`);
    }
    const copy = [...items];
    for (let i = 0; i < count; i++) {
      const j = i + int(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  };
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new DataError('items', [], 'expected a non-empty list to pick from');
      return items[int(items.length)]!;
    },
    sample,
    shuffle: (items) => sample(items, items.length),
  };
}

/** FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
