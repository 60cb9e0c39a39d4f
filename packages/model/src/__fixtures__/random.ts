import { SeededRandom } from '../training/seeded-random.js';

/** A seeded generator, so test inputs are the same on every run: the trainer's mulberry32 as a function. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** `count` values uniform in [−scale, scale). */
export function randomValues(random: () => number, count: number, scale = 1): Float32Array {
  return Float32Array.from({ length: count }, () => (2 * random() - 1) * scale);
}
