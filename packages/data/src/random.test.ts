import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats its sequence for the same seed and purpose, and not across purposes', () => {
    const draw = (seed: number, purpose: string) => {
      const random = createRandom(seed, purpose);
      return Array.from({ length: 8 }, () => random.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
  });

  it('draws integers uniformly (chi-square over 10 bins, 100,000 draws)', () => {
    const random = createRandom(42);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[random.int(10)]! += 1;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - 10_000) ** 2 / 10_000, 0);
    // 9 degrees of freedom: P(χ² > 27.88) = 0.001.
    expect(chiSquare).toBeLessThan(27.88);
  });

  it('samples distinct elements and shuffles into a permutation', () => {
    const random = createRandom(3);
    const items = [...Array(50).keys()];
    const sample = random.sample(items, 20);
    expect(new Set(sample).size).toBe(20);
    expect(random.shuffle(items).sort((a, b) => a - b)).toEqual(items);
  });

  it('rejects bad arguments naming them', () => {
    expect(() => createRandom(1.5)).toThrow(/seed = 1.5 is invalid/);
    expect(() => createRandom(1).int(0)).toThrow(/n = 0 is invalid/);
    expect(() => createRandom(1).sample([1, 2], 3)).toThrow(/count = 3 is invalid: expected an integer in 0..2/);
    expect(() => createRandom(1).pick([])).toThrow(/items/);
  });
});
