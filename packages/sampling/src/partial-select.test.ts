import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixReachingMass, topKIndices } from './partial-select.js';

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
