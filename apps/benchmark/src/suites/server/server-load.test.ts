import { describe, expect, it } from 'vitest';
import { loadPrompt, percentile } from './server-load.js';

describe('percentile (nearest rank)', () => {
  it('gives the textbook nearest-rank values', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([
      percentile(hundred, 50),
      percentile(hundred, 99),
      percentile(hundred, 100),
      percentile(hundred, 1),
    ]).toEqual([50, 99, 100, 1]);
    // Nearest rank of p50 over 15, 20, 35, 40, 50 is the 3rd value (NIST's example).
    expect(percentile([50, 15, 40, 20, 35], 50)).toBe(35);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('loadPrompt', () => {
  it('gives requests different prompts, so their outputs identify them', () => {
    expect(new Set(Array.from({ length: 15 }, (_, i) => loadPrompt(i))).size).toBe(15);
  });
});
