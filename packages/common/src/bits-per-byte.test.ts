import { describe, expect, it } from 'vitest';
import { bitsPerByteFromNats } from './bits-per-byte.js';

describe('bitsPerByteFromNats', () => {
  it('gives 8 bits per byte for a uniform model over the 256 byte values', () => {
    // One token per byte, each costing ln 256 nats.
    expect(bitsPerByteFromNats(1000 * Math.log(256), 1000)).toBeCloseTo(8, 12);
  });

  it('divides the total in bits by the bytes, whatever the tokens', () => {
    // 300 tokens from a uniform 50,257-token vocabulary over 1,200 bytes: 300 · log2(50257) / 1200.
    expect(bitsPerByteFromNats(300 * Math.log(50_257), 1200)).toBeCloseTo((300 * Math.log2(50_257)) / 1200, 12);
    expect(bitsPerByteFromNats(0, 5)).toBe(0);
  });

  it('refuses what is not a total and a byte count', () => {
    expect(() => bitsPerByteFromNats(-1, 10)).toThrow('totalNats = -1 is invalid: expected a finite number >= 0');
    expect(() => bitsPerByteFromNats(Number.NaN, 10)).toThrow('totalNats = NaN is invalid');
    expect(() => bitsPerByteFromNats(1, 0)).toThrow('bytes = 0 is invalid: expected an integer >= 1');
  });
});
