import { createRandom } from '@fewshot/common';

/**
 * A seeded generator for test inputs, the same values on every run: uniform floats in [0, 1) from
 * `createRandom` of `@fewshot/common` (sfc32), as a plain function the tests call per value.
 */
export function seededRandom(seed: number, purpose = 'test inputs'): () => number {
  const random = createRandom(seed, purpose);
  return () => random.next();
}

/** `count` values uniform in [−scale, scale). */
export function randomValues(random: () => number, count: number, scale = 1): Float32Array {
  return Float32Array.from({ length: count }, () => (2 * random() - 1) * scale);
}
