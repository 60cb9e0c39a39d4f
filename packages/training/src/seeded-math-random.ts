import type { Random } from '@fewshot/common';

/**
 * Runs `fn` with `Math.random` drawing from `random`. TF.js seeds every unseeded random op
 * (dropout masks included) from `Math.random`, and the model's dropout layers take no seed, so
 * this is what makes a training step's dropout the same on every run with the same seed. `fn`
 * must be synchronous: nothing else may run while `Math.random` is replaced.
 */
export function withSeededMathRandom<T>(random: Random, fn: () => T): T {
  const original = Math.random;
  Math.random = () => random.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
