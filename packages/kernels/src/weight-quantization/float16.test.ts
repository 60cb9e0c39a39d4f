import { describe, expect, it } from 'vitest';
import { FLOAT16_MAX, fromFloat16Bits, toFloat16Bits } from './float16.js';

/** Every finite half's bits (exponent field below 31), −0 included. */
const finiteBits = Array.from({ length: 0x10000 }, (_, bits) => bits).filter((bits) => ((bits >> 10) & 0x1f) !== 0x1f);

describe('float16', () => {
  it('encodes published values (IEEE 754 binary16)', () => {
    const published: [number, number][] = [
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [2 ** -24, 0x0001],
      [2 ** -14, 0x0400],
      [0.1, 0x2e66],
      [1 / 3, 0x3555],
      [0, 0x0000],
      [-0, 0x8000],
      [0.5, 0x3800],
      [1 + 2 ** -10, 0x3c01],
    ];
    expect(published.map(([value]) => toFloat16Bits(value))).toEqual(published.map(([, bits]) => bits));
    // 0.1 and 1/3 are rounded; the others are halves exactly.
    const exact = published.filter(([value]) => value !== 0.1 && value !== 1 / 3);
    expect(exact.map(([, bits]) => fromFloat16Bits(bits))).toEqual(exact.map(([value]) => value));
    expect(fromFloat16Bits(0x2e66)).toBe(0.0999755859375);
    expect(fromFloat16Bits(0x3555)).toBe(0.333251953125);
    expect(fromFloat16Bits(0x7c00)).toBe(Infinity);
    expect(FLOAT16_MAX).toBe(fromFloat16Bits(0x7bff));
  });

  it('round-trips every finite half', () => {
    expect(finiteBits.filter((bits) => toFloat16Bits(fromFloat16Bits(bits)) !== bits)).toEqual([]);
  });

  it('rounds to the nearest half, ties to the even one', () => {
    // Between consecutive positive halves h and h + 1: just below the midpoint goes to h, just
    // above to h + 1, and the midpoint itself to whichever has an even last bit.
    const wrong = finiteBits
      .filter((bits) => bits < 0x7bff)
      .filter((bits) => {
        const low = fromFloat16Bits(bits);
        const high = fromFloat16Bits(bits + 1);
        const middle = (low + high) / 2;
        const nudge = (high - low) / 1024;
        const even = bits % 2 === 0 ? bits : bits + 1;
        return (
          toFloat16Bits(middle - nudge) !== bits ||
          toFloat16Bits(middle + nudge) !== bits + 1 ||
          toFloat16Bits(middle) !== even ||
          toFloat16Bits(-middle) !== (0x8000 | even)
        );
      });
    expect(wrong).toEqual([]);
  });

  it('refuses values that round to infinity, and non-finite values', () => {
    expect(toFloat16Bits(65519.99)).toBe(0x7bff);
    for (const value of [65520, -65520, 1e6, Infinity, NaN]) {
      expect(() => toFloat16Bits(value)).toThrow(/has no finite float16 value: expected \|value\| < 65520/);
    }
  });
});
