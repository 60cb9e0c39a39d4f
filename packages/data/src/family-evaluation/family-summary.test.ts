import { describe, expect, it } from 'vitest';
import type { FamilyResult } from './family-result.js';
import { summariseFamilies } from './family-summary.js';

const result = (
  family: string,
  group: FamilyResult['group'],
  type: FamilyResult['type'],
  items: number,
  exactMatch: Record<number, number>,
): FamilyResult => ({
  family,
  group,
  type,
  description: family,
  items,
  promptTokens: { mean: 100, max: 120, fitShare: 1 },
  exactMatch,
});

describe('summariseFamilies', () => {
  it('averages families (not items) per group and type, with the gain from K = 0 to the largest K', () => {
    const summary = summariseFamilies(
      [
        result('word-mapping', 'seen', 'lookup', 12, { 0: 0, 1: 0.25, 16: 0.75 }),
        result('copy-token', 'seen', 'rule', 12, { 0: 0.5, 1: 0.5, 16: 0.5 }),
        result('numbers-to-words', 'held-out', 'lookup', 40, { 0: 0.1, 1: 0.3, 16: 0.9 }),
        result('names-to-words', 'held-out', 'lookup', 4, { 0: 0.3, 1: 0.5, 16: 0.7 }),
      ],
      [0, 1, 16],
    );
    expect(summary.seen?.all).toEqual({ families: 2, exactMatch: { 0: 0.25, 1: 0.375, 16: 0.625 }, gain: 0.375 });
    expect(summary.seen?.lookup).toEqual({ families: 1, exactMatch: { 0: 0, 1: 0.25, 16: 0.75 }, gain: 0.75 });
    expect(summary.seen?.rule).toEqual({ families: 1, exactMatch: { 0: 0.5, 1: 0.5, 16: 0.5 }, gain: 0 });
    // word-mapping is one of the four original families; copy-token is not.
    expect(summary.seen?.['original four']).toEqual(summary.seen?.lookup);
    const heldOut = summary['held-out']!;
    expect(Object.keys(heldOut)).toEqual(['all', 'lookup']);
    expect(heldOut.all?.families).toBe(2);
    expect(heldOut.all?.exactMatch[0]).toBeCloseTo(0.2, 12);
    expect(heldOut.all?.exactMatch[1]).toBeCloseTo(0.4, 12);
    expect(heldOut.all?.exactMatch[16]).toBeCloseTo(0.8, 12);
    expect(heldOut.all?.gain).toBeCloseTo(0.6, 12);
  });

  it('leaves out groups without families', () => {
    const summary = summariseFamilies([result('echo', 'held-out', 'rule', 3, { 0: 1, 4: 0 })], [0, 4]);
    expect(summary).toEqual({
      'held-out': {
        all: { families: 1, exactMatch: { 0: 1, 4: 0 }, gain: -1 },
        rule: { families: 1, exactMatch: { 0: 1, 4: 0 }, gain: -1 },
      },
    });
  });
});
