import { describe, expect, it } from 'vitest';
import { median, summarize } from './stats.js';

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
