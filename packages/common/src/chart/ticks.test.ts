import { describe, expect, it } from 'vitest';
import { formatTick, logTicks, niceTicks } from './ticks.js';

describe('niceTicks', () => {
  it('covers the range with 1, 2 or 5 × 10ⁿ steps', () => {
    expect(niceTicks(0, 9.3)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(2.31, 4.87)).toEqual([2, 3, 4, 5]);
    expect(niceTicks(2.31, 3.87)).toEqual([2, 2.5, 3, 3.5, 4]);
    expect(niceTicks(0, 6000)).toEqual([0, 2000, 4000, 6000]);
    expect(niceTicks(-0.3, 0.2)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2]);
  });

  it('widens a single value to three ticks and refuses no range', () => {
    expect(niceTicks(5, 5)).toEqual([4, 5, 6]);
    expect(() => niceTicks(1, 0)).toThrow('ticks: no range 1..0');
    expect(() => niceTicks(0, Number.NaN)).toThrow(RangeError);
  });
});

describe('logTicks', () => {
  it('uses 1-2-5 steps over a few decades and powers of ten over many', () => {
    expect(logTicks(128, 4096)).toEqual([100, 200, 500, 1000, 2000, 5000]);
    expect(logTicks(0.0123, 0.5)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
    expect(logTicks(1e-3, 2e5)).toEqual([1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4, 1e5, 1e6]);
    expect(logTicks(100, 100)).toEqual([100, 200]);
  });

  it('refuses a range a log axis cannot show', () => {
    expect(() => logTicks(0, 10)).toThrow('log ticks: no positive range 0..10');
  });
});

describe('formatTick', () => {
  it('prints round numbers plainly and very large or small ones with an exponent', () => {
    expect([0, 2.5, 1000, 0.001, 1e4, 0.0001, 0.1 + 0.2].map(formatTick)).toEqual([
      '0',
      '2.5',
      '1000',
      '0.001',
      '1.0e+4',
      '1.0e-4',
      '0.3',
    ]);
  });
});
