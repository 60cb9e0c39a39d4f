import type { FamilyResult } from '@fewshot/data';
import { describe, expect, it } from 'vitest';
import { familyResultRows, familySummaryRows } from './family-tables.js';

const SHOTS = [0, 1, 4, 16];

describe('familySummaryRows', () => {
  it('gives one row per group and type, in percent with the gain in points', () => {
    const rows = familySummaryRows(
      {
        seen: { all: { families: 54, exactMatch: { 0: 0.0031, 1: 0.0355, 4: 0.054, 16: 0.0648 }, gain: 0.0617 } },
        'held-out': { rule: { families: 5, exactMatch: { 0: 0.03, 1: 0.005, 4: 0, 16: 0 }, gain: -0.03 } },
      },
      SHOTS,
    );
    expect(rows).toEqual([
      ['group', 'type', 'families', 'K=0', 'K=1', 'K=4', 'K=16', 'K=16 − K=0'],
      ['seen', 'all', '54', '0.3', '3.5', '5.4', '6.5', '6.2'],
      ['held-out', 'rule', '5', '3.0', '0.5', '0.0', '0.0', '-3.0'],
    ]);
  });
});

describe('familyResultRows', () => {
  it('gives one row per family with its gain from K = 0 to the largest K', () => {
    const result: FamilyResult = {
      family: 'numbers-to-words',
      group: 'held-out',
      type: 'lookup',
      description: 'number → common, 3–6 keys',
      items: 40,
      promptTokens: { mean: 148.47, max: 151, fitShare: 1 },
      exactMatch: { 0: 0, 1: 0.375, 4: 0.225, 16: 0.325 },
    };
    expect(familyResultRows([result], SHOTS)).toEqual([
      ['family', 'type', 'what', 'K=0', 'K=1', 'K=4', 'K=16', 'K=16 − K=0'],
      ['numbers-to-words', 'lookup', 'number → common, 3–6 keys', '0.0', '37.5', '22.5', '32.5', '32.5'],
    ]);
  });
});
