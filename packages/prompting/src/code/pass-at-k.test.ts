import { describe, expect, it } from 'vitest';
import { passAtK } from './pass-at-k.js';

/** C(n, k) as an exact integer. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** 1 − C(n−c, k)/C(n, k) in exact rational arithmetic, rounded once to a double (to 1e-15). */
function exactPassAtK(n: number, c: number, k: number): number {
  const numerator = choose(n, k) - choose(n - c, k);
  const scale = 10n ** 15n;
  return Number((numerator * scale) / choose(n, k)) / 1e15;
}

describe('passAtK', () => {
  it('gives the values of the definition worked by hand', () => {
    // pass@1 is the fraction of passing samples; k = n passes when any sample does.
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 15);
    expect(passAtK(10, 1, 10)).toBe(1);
    expect(passAtK(10, 0, 10)).toBe(0);
    // 1 − C(3,2)/C(5,2) = 1 − 3/10; 1 − C(5,3)/C(10,3) = 1 − 10/120.
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 15);
    expect(passAtK(10, 5, 3)).toBeCloseTo(1 - 10 / 120, 15);
    // n − c < k: every draw of k holds a passing sample.
    expect(passAtK(10, 8, 3)).toBe(1);
  });

  it('equals 1 − C(n−c, k)/C(n, k) computed exactly, for the paper’s n = 200 and k = 1, 10, 100', () => {
    for (const c of [0, 1, 2, 5, 13, 57, 100, 150, 199, 200]) {
      for (const k of [1, 10, 100])
        expect(Math.abs(passAtK(200, c, k) - exactPassAtK(200, c, k)), `c=${c} k=${k}`).toBeLessThan(1e-12);
    }
  });

  it('stays finite and exact where the binomial coefficients overflow a double (n = 2000)', () => {
    expect(Number(choose(2000, 1000))).toBe(Infinity);
    for (const [c, k] of [
      [1, 1000],
      [3, 500],
      [10, 100],
    ] as const) {
      expect(Math.abs(passAtK(2000, c, k) - exactPassAtK(2000, c, k)), `c=${c} k=${k}`).toBeLessThan(1e-12);
    }
  });

  it('rejects impossible counts naming the argument', () => {
    expect(() => passAtK(0, 0, 1)).toThrow('n = 0 is invalid: expected an integer >= 1');
    expect(() => passAtK(5, 6, 1)).toThrow('c = 6 is invalid: expected an integer in 0..5');
    expect(() => passAtK(5, 1, 10)).toThrow(
      'k = 10 is invalid: expected an integer in 1..5 (k cannot exceed the samples)',
    );
  });
});
