import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyProcessors } from '../logits-processor.js';
import { logSoftmax, logSumExp, softmax } from '../softmax.js';
import { MinPWarper } from './min-p.js';
import { TemperatureWarper } from './temperature.js';
import { TopKWarper } from './top-k.js';
import { TopPWarper } from './top-p.js';
import { TypicalPWarper } from './typical-p.js';

const warp = (w: { process(l: Float32Array): void }, logits: readonly number[]): Float32Array => {
  const l = Float32Array.from(logits);
  w.process(l);
  return l;
};
const kept = (l: Float32Array): number[] => Array.from(l.keys()).filter((i) => (l[i] ?? -Infinity) > -Infinity);

// Probabilities 0.5, 0.25, 0.125, 0.0625, 0.0625 as logits.
const HALVES = [0.5, 0.25, 0.125, 0.0625, 0.0625].map(Math.log);

/** Naive references: a full sort by (value desc, index asc). */
function sortedDesc(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b,
  );
}
function naiveTopP(logits: Float32Array, p: number): number[] {
  const probs = softmax(logits);
  const order = sortedDesc(logits);
  let cum = 0;
  const keep: number[] = [];
  for (const i of order) {
    keep.push(i);
    cum += probs[i] ?? 0;
    if (cum >= p) break;
  }
  return keep.sort((a, b) => a - b);
}
function naiveTopK(logits: Float32Array, k: number): number[] {
  const threshold = logits[sortedDesc(logits)[k - 1] ?? 0] ?? -Infinity;
  return Array.from(logits.keys()).filter((i) => (logits[i] ?? 0) >= threshold);
}

describe('TemperatureWarper', () => {
  it('divides logits: T = 0.5 squares the odds', () => {
    const p = softmax(warp(new TemperatureWarper(0.5), [Math.log(0.75), Math.log(0.25)]));
    expect(p[0]).toBeCloseTo(0.9, 6); // 0.75² / (0.75² + 0.25²)
  });
  it('keeps a tiny temperature from overflowing: the distribution tends to the argmax', () => {
    const p = softmax(warp(new TemperatureWarper(1e-39), [3, 5, -Infinity, 4.999]));
    expect(Array.from(p)).toEqual([0, 1, 0, 0]);
  });
  it('rejects T ≤ 0 (greedy is handled by the sampler)', () => {
    expect(() => new TemperatureWarper(0)).toThrow(/temperature = 0 is invalid/);
  });
});

describe('TopKWarper', () => {
  it('keeps the k largest, and ties with the k-th', () => {
    expect(kept(warp(new TopKWarper(2), [1, 3, 2, 0]))).toEqual([1, 2]);
    expect(kept(warp(new TopKWarper(2), [1, 3, 1, 0]))).toEqual([0, 1, 2]);
    expect(kept(warp(new TopKWarper(9), [1, 3]))).toEqual([0, 1]);
  });
  it('equals a full-sort reference on random logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 310 }),
        (values, k) => {
          const logits = Float32Array.from(values);
          const expected = k >= logits.length ? Array.from(logits.keys()) : naiveTopK(logits, k);
          expect(kept(warp(new TopKWarper(k), values))).toEqual(expected);
        },
      ),
    );
  });
});

describe('TopPWarper', () => {
  it('keeps the smallest set reaching p (hand-computed)', () => {
    expect(kept(warp(new TopPWarper(0.5), HALVES))).toEqual([0]);
    expect(kept(warp(new TopPWarper(0.7), HALVES))).toEqual([0, 1]);
    expect(kept(warp(new TopPWarper(0.8), HALVES))).toEqual([0, 1, 2]);
    // 0.9375 reached after 4 tokens; the tie at 0.0625 enters by id.
    expect(kept(warp(new TopPWarper(0.9), HALVES))).toEqual([0, 1, 2, 3]);
    expect(kept(warp(new TopPWarper(1), HALVES))).toEqual([0, 1, 2, 3, 4]);
  });
  it('renormalises to the kept mass', () => {
    const p = softmax(warp(new TopPWarper(0.7), HALVES));
    expect(p[0]).toBeCloseTo(2 / 3, 6);
    expect(p[1]).toBeCloseTo(1 / 3, 6);
  });
  it('rejects p outside (0, 1]', () => {
    expect(() => new TopPWarper(0)).toThrow(/topP = 0 is invalid: expected a number in \(0, 1\]/);
    expect(() => new TopPWarper(1.5)).toThrow(/topP = 1.5/);
  });
  it('equals a full-sort reference on random logits, including vocabularies past one selection round', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 2000 }),
        fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        (values, p) => {
          const logits = Float32Array.from(values);
          expect(kept(warp(new TopPWarper(p), values))).toEqual(naiveTopP(logits, p));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('MinPWarper', () => {
  it('keeps tokens with p ≥ minP · p_max', () => {
    // p_max 0.5: threshold 0.1 keeps 0.5, 0.25, 0.125.
    expect(kept(warp(new MinPWarper(0.2), HALVES))).toEqual([0, 1, 2]);
    expect(kept(warp(new MinPWarper(0), HALVES))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('MinPWarper against its formula', () => {
  it('masks exactly the tokens with exp(l − max) < minP, also at the threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.float({ min: -20, max: 0, noNaN: true }), fc.constant(-Infinity)), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.float({ min: -20, max: 0, noNaN: true }),
        fc.constantFrom(-1, 0, 1),
        (values, threshold, nudge) => {
          // minP within an ulp of exp(threshold), and logits right at the threshold: whether
          // exp(l − max) < minP is decided by the last bit there.
          const minP = Math.min(1, Math.exp(threshold) * (1 + nudge * 2 ** -52));
          const logits = Float32Array.from(values, (v, i) => (i % 5 === 3 ? threshold : v));
          logits[0] = 0;
          const expected = Array.from(logits, (l) => (Math.exp(l - 0) < minP ? -Infinity : l));
          expect(Array.from(warp(new MinPWarper(minP), Array.from(logits)))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
    expect(Array.from(warp(new MinPWarper(0.5), [-Infinity, -Infinity]))).toEqual([-Infinity, -Infinity]);
  });
});

describe('TypicalPWarper', () => {
  it('keeps exactly what a full sort keeps, computed with the same arithmetic', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.float({ min: -8, max: 8, noNaN: true }), fc.constant(-Infinity), fc.integer({ min: -1, max: 1 })),
          { minLength: 1, maxLength: 2000 },
        ),
        fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        (values, mass) => {
          const logits = Float32Array.from(values);
          if (logits.every((v) => v === -Infinity)) logits[0] = 0;
          const logProbs = logSoftmax(logits);
          const probs = logProbs.map((lp) => Math.exp(lp));
          let entropy = 0;
          probs.forEach((p, i) => {
            if (p > 0) entropy -= p * logProbs[i]!;
          });
          const keys = Array.from(logProbs, (lp) => (lp === -Infinity ? -Infinity : -Math.abs(-lp - entropy)));
          const order = Array.from(keys.keys())
            .filter((i) => keys[i]! > -Infinity)
            .sort((a, b) => keys[b]! - keys[a]! || a - b);
          let cum = 0;
          const expected: number[] = [];
          for (const i of order) {
            expected.push(i);
            cum += probs[i]!;
            if (cum >= mass) break;
          }
          expect(kept(warp(new TypicalPWarper(mass), Array.from(logits)))).toEqual(expected.sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the most typical tokens first (hand-computed)', () => {
    // H = 0.5·ln2 + 0.25·2ln2 + 0.125·3ln2 + 2·0.0625·4ln2 = 1.875 ln2.
    // |−ln p − H| in units of ln2: 0.875, 0.125, 1.125, 2.125, 2.125 → order 1, 0, 2, 3, 4.
    expect(kept(warp(new TypicalPWarper(0.2), HALVES))).toEqual([1]);
    expect(kept(warp(new TypicalPWarper(0.7), HALVES))).toEqual([0, 1]);
    expect(kept(warp(new TypicalPWarper(0.8), HALVES))).toEqual([0, 1, 2]);
  });
  it('equals a full-sort reference on random logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        (values, mass) => {
          const logits = Float32Array.from(values);
          const probs = softmax(logits);
          let entropy = 0;
          for (const p of probs) if (p > 0) entropy -= p * Math.log(p);
          const lse = Math.log(values.reduce((s, v) => s + Math.exp(v - Math.max(...values)), 0)) + Math.max(...values);
          const keys = values.map((v) => -Math.abs(lse - Math.fround(v) - entropy));
          const order = sortedDesc(keys);
          let cum = 0;
          const expected: number[] = [];
          for (const i of order) {
            expected.push(i);
            cum += probs[i] ?? 0;
            if (cum >= mass) break;
          }
          const got = kept(warp(new TypicalPWarper(mass), values));
          // Rounding in H can reorder near-equal keys; the kept mass must still be the target's.
          const mass_ = (ids: number[]): number => ids.reduce((s, i) => s + (probs[i] ?? 0), 0);
          expect(got.length).toBe(expected.length);
          expect(mass_(got)).toBeCloseTo(mass_(expected), 6);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the logZ a caller passes in the context', () => {
  it('gives typical-p the same result as its own pass, and reaches only the first processor', () => {
    const logits = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i * 0.37) * 3);
    const own = warp(new TypicalPWarper(0.8), Array.from(logits));
    const given = logits.slice();
    new TypicalPWarper(0.8).process(given, { ids: [], promptLength: 0, logZ: logSumExp(logits) });
    expect(given).toEqual(own);

    const seen: (number | undefined)[] = [];
    const spy = { process: (_: Float32Array, context: { logZ?: number }) => void seen.push(context.logZ) };
    applyProcessors([spy, spy], logits.slice(), { ids: [], promptLength: 0, logZ: 1.5 });
    applyProcessors([spy], logits.slice(), { ids: [], promptLength: 0 });
    expect(seen).toEqual([1.5, undefined, undefined]);
  });
});
