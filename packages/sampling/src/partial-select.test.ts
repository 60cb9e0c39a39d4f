import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixReachingMass, prefixReachingMassOf, topKIndices } from './partial-select.js';

/** Naive reference: every selectable index, fully sorted by key descending, then index ascending. */
function fullOrder(keys: readonly number[]): number[] {
  return keys
    .map((_, i) => i)
    .filter((i) => (keys[i] ?? -Infinity) > -Infinity)
    .sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || a - b);
}

describe('topKIndices', () => {
  it('returns the k best, best first, ties by index, never a masked entry', () => {
    expect(Array.from(topKIndices([1, 5, 5, -Infinity, 3], 3))).toEqual([1, 2, 4]);
    expect(Array.from(topKIndices([-Infinity, 2], 5))).toEqual([1]);
  });
});

describe('prefixReachingMass', () => {
  it('orders negative keys, ties and signed zeros like a full sort', () => {
    const keys = [-0, 0, -1.5, 2, 2, -Infinity];
    const probs = [0.2, 0.2, 0.2, 0.2, 0.2, 0];
    expect(Array.from(prefixReachingMass(Float32Array.from(keys), probs, 1))).toEqual([3, 4, 0, 1, 2]);
    expect(Array.from(prefixReachingMass(keys, probs, 0.3))).toEqual([3, 4]);
    // Keys past the end of `probs` have probability 0, also after a longer call filled the buffers.
    expect(Array.from(prefixReachingMass([1, 2, 3], [0.5, 0.5], 0.9))).toEqual([2, 1, 0]);
    expect(Array.from(prefixReachingMass([1, 2, 3], [0.5, 0.5], 0.4))).toEqual([2, 1]);
  });
  it('with mass 1 returns the full order, for float32 and float64 keys', () => {
    const key = fc.oneof(fc.float({ noNaN: true }), fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -Infinity));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 400 }), (keys) => {
        const probs = keys.map(() => 1 / keys.length);
        expect(Array.from(prefixReachingMass(keys, probs, 1 + 1e-6))).toEqual(fullOrder(keys));
      }),
      { numRuns: 200 },
    );
  });
});

/** Naive reference: walk the full order, summing in that order, until the sum reaches `mass`. */
function fullPrefix(keys: readonly number[], probs: readonly number[], mass: number): number[] {
  const order = fullOrder(keys);
  let cumulative = 0;
  for (let j = 0; j < order.length; j++) {
    cumulative += probs[order[j]!]!;
    if (cumulative >= mass) return order.slice(0, j + 1);
  }
  return order;
}

const unordered = (keys: readonly number[], probs: readonly number[], mass: number): number[] =>
  Array.from(prefixReachingMassOf(Float64Array.from(keys), Float64Array.from(probs), keys.length, mass)).sort(
    (a, b) => a - b,
  );

const unorderedTitle =
  "prefixReachingMassOf without ordering (the warpers' path, which skips the sort when the crossing is clear)";
describe(unorderedTitle, () => {
  it('equals the full-sort prefix on random keys and probabilities, ties and masked entries included', () => {
    const key = fc.oneof(
      fc.float({ min: -8, max: 8, noNaN: true }),
      fc.constantFrom(0, -0, 1, -Infinity),
      fc.integer({ min: -2, max: 2 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 3000 }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        (entries, share) => {
          const keys = entries.map(([k]) => k);
          const total = entries.reduce((sum, [k, w]) => sum + (k > -Infinity ? w : 0), 0);
          const probs = entries.map(([k, w]) => (k > -Infinity && total > 0 ? w / total : 0));
          const mass = Math.min(share, 1);
          const expected = fullPrefix(keys, probs, mass);
          expect(unordered(keys, probs, mass)).toEqual([...expected].sort((a, b) => a - b));
          expect(Array.from(prefixReachingMass(keys, probs, mass))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees at exact boundaries, where the crossing must be settled by the sorted walk', () => {
    // Dyadic probabilities: every partial sum is exact, so the mass is hit on the nose.
    const probs = [0.25, 0.125, 0.125, 0.25, 0.0625, 0.0625, 0.125];
    const keys = [3, 1, 1, 4, 0, 0, 2];
    for (const mass of [0.25, 0.5, 0.625, 0.75, 0.875, 0.9375, 1, 1e-12, 0.5 - 1e-12, 0.5 + 1e-12]) {
      expect(unordered(keys, probs, mass), `mass ${mass}`).toEqual(
        [...fullPrefix(keys, probs, mass)].sort((a, b) => a - b),
      );
    }
    // Mass never reached (probabilities summing below it): every selectable entry.
    expect(unordered([1, -Infinity, 2], [0.2, 0, 0.3], 0.9)).toEqual([0, 2]);
    expect(unordered([1, 2], [0.5, 0.5 - 1e-13], 1)).toEqual([0, 1]);
    expect(unordered([-Infinity, -Infinity], [0, 0], 0.5)).toEqual([]);
  });

  it('equals the full-sort prefix on vocabulary-sized flat and peaked rows', () => {
    for (const spread of [0.01, 2, 12]) {
      const logits = Array.from({ length: 50_257 }, (_, i) => Math.fround(Math.sin(i * 12.9898) * spread));
      const max = Math.max(...logits);
      const weights = logits.map((v) => Math.exp(v - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      const probs = weights.map((w) => w / sum);
      for (const mass of [0.1, 0.5, 0.9, 0.999]) {
        expect(unordered(logits, probs, mass)).toEqual(fullPrefix(logits, probs, mass).sort((a, b) => a - b));
      }
    }
  });
});

describe('topKIndices on random keys', () => {
  it('equals the head of a full sort, for any k, ties and masked entries included', () => {
    const key = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -2, max: 2 }), fc.constant(-Infinity));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 500 }), fc.integer({ min: 0, max: 520 }), (keys, k) => {
        expect(Array.from(topKIndices(keys, k))).toEqual(fullOrder(keys).slice(0, k));
        expect(Array.from(topKIndices(Float32Array.from(keys), k))).toEqual(
          fullOrder(Array.from(Float32Array.from(keys))).slice(0, k),
        );
      }),
      { numRuns: 200 },
    );
  });
});
