/**
 * A seeded generator for test inputs, the same values on every run: mulberry32, the algorithm of
 * `SeededRandom` in `@fewshot/training` (which this package cannot import), so inputs are those
 * the tests were written with.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` values uniform in [−scale, scale). */
export function randomValues(random: () => number, count: number, scale = 1): Float32Array {
  return Float32Array.from({ length: count }, () => (2 * random() - 1) * scale);
}
