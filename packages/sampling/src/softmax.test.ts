import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax, logSoftmax, logSumExp, maxFinite, softmax } from './softmax.js';

describe('softmax', () => {
  it('normalises exp(logits), giving masked entries probability 0', () => {
    const p = softmax([Math.log(1), Math.log(3), -Infinity]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(p[2]).toBe(0);
  });
});

describe('logSumExp and logSoftmax', () => {
  it('equal the naive formulas where those do not overflow', () => {
    const logits = [0.5, -1, 2, 0];
    const naive = Math.log(logits.reduce((s, v) => s + Math.exp(v), 0));
    expect(logSumExp(logits)).toBeCloseTo(naive, 12);
    expect(Array.from(logSoftmax(logits))).toEqual(logits.map((v) => expect.closeTo(v - naive, 12) as number));
  });
  it('stay finite for logits whose exp overflows', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 9);
    expect(logSoftmax([1000, 1000, -Infinity])[2]).toBe(-Infinity);
  });
  it('treat an all-masked row as having no mass', () => {
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(argmax([-Infinity, -Infinity])).toBe(-1);
  });
});

describe('float32 kernels', () => {
  it('give bit-identical results to the general loops (which a plain array takes)', () => {
    const logit = fc.oneof(fc.float({ min: -30, max: 30, noNaN: true }), fc.constant(-Infinity));
    fc.assert(
      fc.property(fc.array(logit, { maxLength: 400 }), (values) => {
        const f32 = Float32Array.from(values);
        const plain = Array.from(f32);
        expect(logSumExp(f32)).toBe(logSumExp(plain));
        expect(maxFinite(f32)).toBe(maxFinite(plain));
        expect(argmax(f32)).toBe(argmax(plain));
        expect(softmax(f32)).toEqual(softmax(plain));
        expect(logSoftmax(f32)).toEqual(logSoftmax(plain));
      }),
      { numRuns: 200 },
    );
  });
});
