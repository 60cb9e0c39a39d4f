import { describe, expect, it } from 'vitest';
import { flatLogits, replayModel, zipfLogits } from './logits-fixtures.js';

describe('logits fixtures', () => {
  it('Zipf rows give the token of rank r a probability ∝ r^−s, at scattered ids', () => {
    const [row] = zipfLogits(1.1).rows(1000, 1, 7);
    const sorted = [...row!].sort((a, b) => b - a);
    // Ratio of probabilities of ranks 1 and 10 is 10^1.1.
    expect(Math.exp(sorted[0]! - sorted[9]!)).toBeCloseTo(10 ** 1.1, 3);
    expect(row!.indexOf(sorted[0]!)).not.toBe(0);
    expect(new Set(row).size).toBe(1000);
  });

  it('flat rows stay within their spread; rows are deterministic per seed and differ between rows', () => {
    const shape = flatLogits(2);
    const [a, b] = shape.rows(500, 2, 3);
    expect(Math.max(...a!)).toBeLessThanOrEqual(2);
    expect(Math.min(...a!)).toBeGreaterThanOrEqual(-2);
    expect(a).not.toEqual(b);
    expect(shape.rows(500, 2, 3)).toEqual([a, b]);
  });

  it('replays its rows in turn and counts the tokens fed to a cache', async () => {
    const rows = [Float32Array.of(1, 0), Float32Array.of(0, 1)];
    const model = replayModel(rows, 8);
    const cache = model.createCache();
    expect(await model.nextTokenLogits([0, 1, 1], cache)).toBe(rows[0]);
    expect(await model.nextTokenLogits([1], cache)).toBe(rows[1]);
    expect(await model.nextTokenLogits([0], cache)).toBe(rows[0]);
    expect(cache.length).toBe(5);
    expect(model.forkCache?.(cache)).toEqual({ length: 5 });
    expect(model.vocabSize).toBe(2);
  });
});
