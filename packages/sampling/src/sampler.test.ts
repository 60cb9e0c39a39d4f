import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import { greedyToken, sampleToken } from './sampler.js';
import { softmax } from './softmax.js';
import { TopKWarper } from './warpers/top-k.js';
import { TemperatureWarper } from './warpers/temperature.js';

describe('greedyToken', () => {
  it('takes the argmax, the lowest id on ties, and refuses an all-masked row', () => {
    expect(greedyToken([1, 3, 3, -Infinity])).toBe(1);
    expect(() => greedyToken([-Infinity, -Infinity])).toThrow(/every token is masked/);
  });
});

describe('sampleToken', () => {
  it('draws with the frequencies of the processed distribution (fixed seed)', () => {
    // Raw logits ln(0.4, 0.3, 0.2, 0.1); temperature 0.5 then top-3: p ∝ 0.16, 0.09, 0.04.
    const logits = Float32Array.from([0.4, 0.3, 0.2, 0.1].map(Math.log));
    new TemperatureWarper(0.5).process(logits);
    new TopKWarper(3).process(logits);
    const expected = [0.16, 0.09, 0.04, 0].map((p) => p / 0.29);
    const rng = createRandom(1234);
    const draws = 40_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < draws; i++) counts[sampleToken(logits, rng)]! += 1;
    counts.forEach((c, i) => {
      const p = expected[i] ?? 0;
      // Within 4 standard deviations of the binomial count.
      expect(Math.abs(c - draws * p)).toBeLessThanOrEqual(4 * Math.sqrt(draws * p * (1 - p)) + 1e-9);
    });
    expect(softmax(logits)[0]).toBeCloseTo(expected[0] ?? 0, 6);
  });
  it('is reproducible for a seed', () => {
    const logits = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const run = (seed: number): number[] => {
      const rng = createRandom(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, rng));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
  const float32Title =
    'draws the same tokens from float32 logits (reused buffer, ' +
    'masked entries skipped) as from the same values in an array';
  it(float32Title, () => {
    const logit = fc.oneof(fc.float({ min: -20, max: 20, noNaN: true }), fc.constant(-Infinity));
    fc.assert(
      fc.property(fc.array(logit, { minLength: 1, maxLength: 600 }), fc.integer(), (values, seed) => {
        const f32 = Float32Array.from(values);
        if (f32.every((v) => v === -Infinity)) f32[0] = 0;
        const a = createRandom(seed);
        const b = createRandom(seed);
        for (let draw = 0; draw < 5; draw++) expect(sampleToken(f32, a)).toBe(sampleToken(Array.from(f32), b));
      }),
      { numRuns: 200 },
    );
  });
});
