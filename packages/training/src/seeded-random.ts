/**
 * A seeded pseudo-random generator (mulberry32) whose whole state is one 32-bit integer, so a
 * training run can save it in a checkpoint and continue the same stream after `--resume`.
 */
export class SeededRandom {
  private current: number;

  constructor(seed: number) {
    this.current = seed >>> 0;
  }

  /** The state to save; `new SeededRandom(state)` continues from here. */
  get state(): number {
    return this.current;
  }

  /** A float uniform in [0, 1). */
  next(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let t = this.current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer uniform in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** `0..n-1` in a random order (Fisher–Yates), the same order for the same seed. */
export function shuffledRange(n: number, seed: number): Uint32Array {
  const random = new SeededRandom(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
  return order;
}

/**
 * Runs `fn` with `Math.random` drawing from `random`. TF.js seeds every unseeded random op
 * (dropout masks included) from `Math.random`, and the model's dropout layers take no seed, so
 * this is what makes a training step's dropout the same on every run with the same seed. `fn`
 * must be synchronous: nothing else may run while `Math.random` is replaced.
 */
export function withSeededMathRandom<T>(random: SeededRandom, fn: () => T): T {
  const original = Math.random;
  Math.random = () => random.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
