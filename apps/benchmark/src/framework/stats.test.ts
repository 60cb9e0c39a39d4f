import { describe, expect, it } from 'vitest';
import { logLogSlope, median, summarize } from './stats.js';

describe('stats', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarizes samples', () => {
    expect(summarize([2, 9, 4, 1])).toEqual({ median: 3, min: 1, max: 9, samples: 4 });
  });

  it('refuses an empty sample', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('logLogSlope', () => {
  it('recovers the exponent of a power law', () => {
    const points = [512, 1024, 2048, 4096].map((n) => [n, 3e-6 * n ** 2] as const);
    expect(logLogSlope(points)).toBeCloseTo(2, 10);
    expect(logLogSlope([512, 1024, 2048].map((n) => [n, 0.01 * n] as const))).toBeCloseTo(1, 10);
  });

  it('fits noisy points by least squares', () => {
    // log2 y = 0, 1.2, 1.8 at log2 x = 0, 1, 2: slope (1.8 − 0) / 2 = 0.9.
    expect(
      logLogSlope([
        [1, 1],
        [2, 2 ** 1.2],
        [4, 2 ** 1.8],
      ]),
    ).toBeCloseTo(0.9, 10);
  });

  it('is NaN without two usable points', () => {
    expect(logLogSlope([[1, 1]])).toBeNaN();
    expect(
      logLogSlope([
        [1, 1],
        [2, 0],
      ]),
    ).toBeNaN();
    expect(
      logLogSlope([
        [4, 1],
        [4, 2],
      ]),
    ).toBeNaN();
  });
});
