import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortBestFirst } from './best-first-sort.js';

/** Reference: a comparator sort, larger key first, then smaller index (−0 equals +0). */
function reference(indices: readonly number[], keys: Float64Array): number[] {
  return [...indices].sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    return ka === kb ? a - b : kb > ka ? 1 : -1;
  });
}

const sorted = (indices: readonly number[], keys: Float64Array): number[] => {
  const buffer = Int32Array.from(indices);
  sortBestFirst(buffer, buffer.length, keys);
  return Array.from(buffer);
};

describe('sortBestFirst', () => {
  it('orders by key descending, ties by index, −0 equal to +0, infinities at the ends', () => {
    const keys = Float64Array.of(0, -0, 2, -Infinity, Infinity, 2, -1e-300, 1e300, -0);
    expect(sorted([8, 7, 6, 5, 4, 3, 2, 1, 0], keys)).toEqual([4, 7, 2, 5, 0, 1, 8, 6, 3]);
    expect(sorted([], keys)).toEqual([]);
    expect(sorted([3], keys)).toEqual([3]);
  });

  it('equals a full comparator sort for float64 keys, float32 keys and many ties', () => {
    const key = fc.oneof(
      fc.double({ noNaN: true }),
      fc.float({ noNaN: true }),
      fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 1, maxLength: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, share) => {
          const keys = Float64Array.from(values);
          // A scrambled subset of the indices, as a selection hands over.
          const indices = values.map((_, i) => i).filter((i) => ((i * 2654435761) >>> 0) / 2 ** 32 < share || i === 0);
          indices.reverse();
          expect(sorted(indices, keys)).toEqual(reference(indices, keys));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts indices past 2^22 (three index digits) and only the first `count` entries', () => {
    const keys = new Float64Array(2 ** 22 + 16);
    const indices = Int32Array.of(2 ** 22 + 15, 5, 2 ** 22 + 3, 2 ** 22, 7, 1);
    keys[5] = 1;
    sortBestFirst(indices, 5, keys);
    expect(Array.from(indices)).toEqual([5, 7, 2 ** 22, 2 ** 22 + 3, 2 ** 22 + 15, 1]);
  });
});
