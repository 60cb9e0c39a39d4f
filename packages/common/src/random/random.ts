import { OptionError } from '../options/option-error.js';
import { optionCheckers } from '../options/option-checkers.js';

const { requireInteger } = optionCheckers();

/** sfc32's whole state — a, b, c and the counter, unsigned 32-bit words — to save and restore. */
export type RandomState = readonly [number, number, number, number];

/** A seeded source of randomness: the same seed gives the same sequence on every platform. */
export interface Random {
  /** Uniform in [0, 1): the next 32-bit output divided by 2³². */
  next(): number;
  /** The next 32-bit output, as an unsigned integer. */
  uint32(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements in random order (a partial Fisher–Yates shuffle). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** The state now: {@link restoreRandom} continues the same stream from it (a checkpoint stores it). */
  state(): RandomState;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, from PractRand) seeded through
 * SplitMix32, from an integer seed and a purpose label. Streams for different purposes ("train
 * episodes", "held-out task files", "completion 2") never share state even with the same numeric
 * seed, which is how the bundled evaluation tasks stay disjoint from training.
 */
export function createRandom(seed: number, purpose = ''): Random {
  if (!Number.isSafeInteger(seed)) throw new OptionError('seed', seed, 'expected a safe integer');
  let mix = hashString(purpose) ^ (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const random = sfc32([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  // sfc32 mixes poorly for its first outputs; discard them as its author recommends.
  for (let i = 0; i < 12; i++) random.uint32();
  return random;
}

/** The generator at a saved {@link Random.state}: it continues the stream exactly where it was. */
export function restoreRandom(state: RandomState): Random {
  // Checked at run time: a state comes back from a checkpoint file, not from typed code.
  const words: unknown = state;
  const valid =
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((word) => Number.isInteger(word) && (word as number) >= 0 && (word as number) < 2 ** 32);
  if (!valid) throw new OptionError('state', state, 'expected four unsigned 32-bit integers [a, b, c, counter]');
  return sfc32(state);
}

function sfc32(state: RandomState): Random {
  let [a, b, c, d] = state;
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const int = (n: number): number => {
    requireInteger('n', n, 1);
    return Math.floor(next() * n);
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    requireInteger('count', count, 0, items.length);
    const copy = [...items];
    for (let i = 0; i < count; i++) {
      const j = i + int(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  };
  return {
    next,
    uint32,
    int,
    pick: (items) => {
      if (items.length === 0) throw new OptionError('items', [], 'expected a non-empty list to pick from');
      return items[int(items.length)]!;
    },
    sample,
    shuffle: (items) => sample(items, items.length),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/** FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
